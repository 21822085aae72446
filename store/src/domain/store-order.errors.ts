/**
 * Business errors of store order management. Each has a stable `code`; the HTTP adapter maps codes
 * to statuses in one place (store.module.ts), the Kafka adapter lets the consumer retry or dead-letter.
 */
export abstract class StoreOrderError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    readonly orderId?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** No such store order, or the caller may not see it (another store's order: 404, not 403). */
export class StoreOrderNotFound extends StoreOrderError {
  readonly code = 'STORE_ORDER.NOT_FOUND';

  constructor(orderId: string) {
    super(`Store order ${orderId} was not found`, orderId);
  }
}

/** A step the order's current status does not allow; names the status and the steps it does allow. */
export class InvalidStoreOrderTransition extends StoreOrderError {
  readonly code = 'STORE_ORDER.INVALID_TRANSITION';

  constructor(
    orderId: string,
    readonly status: string,
    readonly step: string,
    readonly allowed: readonly string[],
  ) {
    super(
      `Order ${orderId} is ${status}; allowed next: ${allowed.length > 0 ? allowed.join(', ') : 'none'} (cannot ${step})`,
      orderId,
    );
  }
}

/** Input that breaks the aggregate's invariants (a rejection without a reason, an order without items). */
export class InvalidStoreOrder extends StoreOrderError {
  readonly code = 'STORE_ORDER.INVALID';
}

/** The order kept changing under this request (concurrent steps); reload it and retry. */
export class StoreOrderConflict extends StoreOrderError {
  readonly code = 'STORE_ORDER.CONFLICT';

  constructor(orderId: string) {
    super(`Store order ${orderId} was changed by another request; reload it and retry`, orderId);
  }
}
