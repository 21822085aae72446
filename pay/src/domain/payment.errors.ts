/**
 * Business errors of the payment context. Each has a stable `code`; the HTTP adapter maps codes to
 * statuses in one place (pay.module.ts), the Kafka adapter lets the consumer retry or dead-letter.
 */
export abstract class PaymentError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    readonly orderId?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** No payment for this order (or the caller may not see it). */
export class PaymentNotFoundError extends PaymentError {
  readonly code = 'PAYMENT.NOT_FOUND';

  constructor(orderId: string) {
    super(`No payment for order ${orderId}`, orderId);
  }
}

/** A payment for this order exists with a different customer, store or amount. */
export class PaymentConflictError extends PaymentError {
  readonly code = 'PAYMENT.CONFLICT';

  constructor(orderId: string, difference: string) {
    super(`A payment for order ${orderId} already exists with a different ${difference}`, orderId);
  }
}

/** The payment of this order was cancelled or voided: it can never be charged again. */
export class PaymentCancelledError extends PaymentError {
  readonly code = 'PAYMENT.CANCELLED';

  /**
   * `when`: 'before' for a repeat request that finds the payment cancelled; 'while-processing' when a
   * cancellation arrived while the provider was charging it (`refunded`: the charge was given back).
   */
  constructor(orderId: string, when: 'before' | 'while-processing' = 'before', refunded = false) {
    super(
      when === 'while-processing'
        ? `The payment for order ${orderId} was cancelled while it was being processed${refunded ? '; the charge was refunded' : ''}`
        : `The payment for order ${orderId} was cancelled; it cannot be charged again`,
      orderId,
    );
  }
}

/** Another request for the same order is being charged right now. */
export class PaymentInProgressError extends PaymentError {
  readonly code = 'PAYMENT.IN_PROGRESS';
  readonly retryAfterSeconds = 1;

  constructor(orderId: string) {
    super(`A payment for order ${orderId} is still being processed; retry shortly`, orderId);
  }
}

/** The charge was declined (over the approval limit, or by the payment provider). */
export class PaymentDeclinedError extends PaymentError {
  readonly code = 'PAYMENT.DECLINED';

  constructor(orderId: string, reason: string) {
    super(`Payment declined: ${reason}`, orderId);
  }
}

/** A payment request that breaks the aggregate's invariants (a negative amount, no items). */
export class InvalidPaymentError extends PaymentError {
  readonly code = 'PAYMENT.INVALID';
}

/** A transition the payment's current status does not allow (a programming or concurrency error). */
export class PaymentTransitionError extends PaymentError {
  readonly code = 'PAYMENT.INVALID_TRANSITION';

  constructor(orderId: string, action: string, status: string) {
    super(`Cannot ${action} the payment of order ${orderId}: it is ${status}`, orderId);
  }
}
