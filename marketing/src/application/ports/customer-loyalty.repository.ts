import type { CouponState } from '../../domain/coupon';
import type { CustomerLoyalty, DeliveredOrder } from '../../domain/customer-loyalty';
import type { SaveOptions, SaveResult } from './save-result';

export interface CouponFilter {
  /** Only this customer's coupons; unset: everyone's (admins). */
  customerId?: string;
  limit: number;
}

/**
 * Where the loyalty count, the delivered orders and the coupons live. A delivered order's orderId is
 * unique, as is (customerId, sequence) and (orderId, kind) of a coupon; a save writes the count, the
 * new deliveries, the new coupons and their CouponIssued events (outbox) in one transaction.
 */
export abstract class CustomerLoyaltyRepository {
  abstract findByCustomer(customerId: string): Promise<CustomerLoyalty | undefined>;

  /** The delivered order as counted, if this order was counted already (under any event id). */
  abstract findDelivery(orderId: string): Promise<DeliveredOrder | undefined>;

  /** Stores a new count or a change of a stored one still at the version it was loaded with. */
  abstract save(loyalty: CustomerLoyalty, options?: SaveOptions): Promise<SaveResult>;

  /** Newest first. */
  abstract coupons(filter: CouponFilter): Promise<CouponState[]>;
}
