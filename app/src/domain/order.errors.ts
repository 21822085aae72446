/** Business errors of ordering. Each has a stable code the HTTP adapter maps to a status once. */
export abstract class OrderingError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class StoreNotFound extends OrderingError {
  readonly code = 'CATALOG.STORE_NOT_FOUND';
  constructor(storeId: string) {
    super(`There is no store "${storeId}" (GET /stores lists them)`);
  }
}

/** An order names a store or menu item that does not exist: the request is wrong, not missing. */
export class InvalidOrderRequest extends OrderingError {
  readonly code = 'ORDER.INVALID_REQUEST';
}

export class OrderNotFound extends OrderingError {
  readonly code = 'ORDER.NOT_FOUND';
  constructor(orderId: string) {
    super(`Order ${orderId} was not found`);
  }
}

export class OrderNotCancellable extends OrderingError {
  readonly code = 'ORDER.NOT_CANCELLABLE';
  constructor(orderId: string, status: string) {
    super(`Order ${orderId} is ${status} and can no longer be cancelled (only before delivery starts)`);
  }
}

/** Only customers place orders (an owner or admin token cannot order on someone's behalf). */
export class OnlyCustomersOrder extends OrderingError {
  readonly code = 'ORDER.CUSTOMERS_ONLY';
  constructor(role: string) {
    super(`Only customers can place orders; this token belongs to a ${role}`);
  }
}

export class PaymentDeclined extends OrderingError {
  readonly code = 'PAYMENT.DECLINED';
  constructor(
    readonly orderId: string,
    reason: string,
  ) {
    super(`Payment declined for order ${orderId}: ${reason}`);
  }
}

/** pay is slow, down, or the breaker is open: nothing was placed; the customer should retry soon. */
/** Too many orders are waiting to be placed: refused before anything was recorded or charged. */
export class OrderingBusy extends OrderingError {
  readonly code = 'ORDER.BUSY';
  readonly retryAfterSeconds = 1;
  constructor(readonly waiting: number) {
    super(`Too many orders are being placed right now (${waiting} waiting); nothing was recorded or charged. Please retry in 1 second.`);
  }
}

export class PaymentUnavailable extends OrderingError {
  readonly code = 'PAYMENT.UNAVAILABLE';
  constructor(
    readonly orderId: string,
    readonly retryAfterSeconds: number,
    readonly reason: string,
  ) {
    super(
      `Payment is temporarily unavailable, so order ${orderId} was not placed and you were not charged. ` +
        `Please retry in ${retryAfterSeconds} seconds.`,
    );
  }
}

/** The order changed concurrently (another request or the reconciler won the race). */
export class OrderConcurrentlyModified extends OrderingError {
  readonly code = 'ORDER.CONFLICT';
  constructor(orderId: string) {
    super(`Order ${orderId} was changed by another request; please reload it and retry`);
  }
}

/** An Idempotency-Key was used again with a different order. */
export class IdempotencyKeyReused extends OrderingError {
  readonly code = 'ORDER.IDEMPOTENCY_KEY_REUSED';
  constructor(readonly orderId: string) {
    super(`This Idempotency-Key was already used for a different order (${orderId}); use a new key for a new order`);
  }
}

/** The first request with this Idempotency-Key is still waiting for its payment. */
export class OrderPaymentInProgress extends OrderingError {
  readonly code = 'ORDER.PAYMENT_IN_PROGRESS';
  readonly retryAfterSeconds = 1;
  constructor(readonly orderId: string) {
    super(`Order ${orderId} is still being paid; ask again in a moment`);
  }
}
