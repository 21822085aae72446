/** Business errors of the customer center. Each has a stable code the HTTP adapter maps to a status once. */
export abstract class CustomerCenterError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No view of this order, or not one the caller may see: both answer the same (404, not 403). */
export class OrderStatusNotFound extends CustomerCenterError {
  readonly code = 'ORDER_STATUS.NOT_FOUND';
  constructor(orderId: string) {
    super(
      `No status for order ${orderId} (yet): it appears a moment after the order is placed, to its customer and its store`,
    );
  }
}

/**
 * A client reconnected to the stream of an order that had already ended, with the id of the last
 * change it received: there is nothing more to send (HTTP 204 tells an EventSource to stop).
 */
export class OrderStatusStreamEnded extends CustomerCenterError {
  readonly code = 'ORDER_STATUS.STREAM_ENDED';
  constructor(orderId: string) {
    super(`Order ${orderId} has ended and the client has its last status`);
  }
}
