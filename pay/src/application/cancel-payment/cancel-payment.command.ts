/** Cancel the payment of an order: refund it if charged, void it otherwise (see CancelPaymentHandler). */
export interface CancelPaymentCommand {
  orderId: string;
  reason: string;
  /** The consumed event that asks for it (OrderCancelled, OrderRejected): inbox key and causationId. */
  causationId?: string;
}
