/** An order that no longer counts: OrderCancelled (app), OrderRejected (store) or PaymentCancelled (pay). */
export interface VoidOrderCommand {
  orderId: string;
  reason: string;
  cause: 'OrderCancelled' | 'OrderRejected' | 'PaymentCancelled';
  customerId?: string;
  storeId?: string;
  eventId: string;
}

/**
 * - voided: the order no longer counts for recommendations;
 * - voided-first: not placed yet (the void overtook OrderPlaced): remembered, so it never counts;
 * - unchanged: voided before (a cancellation then its refund, or a redelivery).
 */
export type VoidOrderOutcome = 'voided' | 'voided-first' | 'unchanged';
