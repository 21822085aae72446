/** A cancellation from another context: OrderCancelled (app) or PaymentCancelled (pay). */
export interface CancelStoreOrderCommand {
  orderId: string;
  reason: string;
  /** Which event asked for it (for the logs). */
  cause: 'OrderCancelled' | 'PaymentCancelled';
  /** The cancelling event: recorded in the inbox with the change, and the causationId of DeliveryCancelled. */
  eventId: string;
  storeId?: string;
  customerId?: string;
}

/**
 * - cancelled: RECEIVED…COOKED → CANCELLED (DeliveryCancelled emitted);
 * - recalled: DELIVERING → CANCELLED, the rider is called back (DeliveryCancelled "recalled: …");
 * - cancelled_after_delivery: DELIVERED → CANCELLED, the customer was refunded after the delivery
 *   (DeliveryCancelled "after delivery: …");
 * - tombstoned: the order had not arrived yet; a late PaymentApproved will be ignored;
 * - unchanged: REJECTED or CANCELLED already;
 * - duplicate: this event was applied before.
 */
export type CancelStoreOrderOutcome =
  'cancelled' | 'recalled' | 'cancelled_after_delivery' | 'tombstoned' | 'unchanged' | 'duplicate';
