import type { CouponState } from '../../domain/coupon';

/** A delivered order, from DeliveryCompleted. */
export interface RecordDeliveryCommand {
  orderId: string;
  customerId: string;
  storeId: string;
  /** The event's occurredAt. */
  deliveredAt: Date;
  /** The DeliveryCompleted event: recorded in the inbox, and the causation of the coupons. */
  eventId: string;
}

/**
 * - recorded: the customer's `sequence`-th delivered order, with the coupons it earned (maybe none);
 * - duplicate: this order was counted before (the same event redelivered, or the order's delivery
 *   reported again under another event id); nothing changed, no coupon issued.
 */
export type RecordDeliveryOutcome =
  { kind: 'recorded'; sequence: number; coupons: CouponState[] } | { kind: 'duplicate'; sequence?: number };
