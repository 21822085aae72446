import { DomainEvent, createEvent } from '@fooddelivery/contracts';
import { CouponState, couponCode, expiryOf } from './coupon';
import { CouponPolicy } from './coupon-policy';
import { InvalidMarketingInput } from './marketing.errors';

/** A delivery as DeliveryCompleted reports it. */
export interface Delivery {
  orderId: string;
  customerId: string;
  storeId: string;
  /** The DeliveryCompleted event's occurredAt. */
  deliveredAt: Date;
  /** The DeliveryCompleted event: the cause of every coupon the delivery earns. */
  eventId: string;
}

/** A delivered order as marketing counted it: the customer's `sequence`-th. */
export interface DeliveredOrder {
  orderId: string;
  customerId: string;
  storeId: string;
  sequence: number;
  deliveredAt: Date;
  eventId: string;
  recordedAt: Date;
}

export interface CustomerLoyaltyState {
  customerId: string;
  /** How many delivered orders marketing has counted for this customer. */
  deliveredOrders: number;
  /** Optimistic concurrency: 0 until first stored, then incremented by every stored change. */
  version: number;
}

/** What recording a delivery did: the order's place in the count and the coupons it earned. */
export interface DeliveryRecorded {
  sequence: number;
  coupons: CouponState[];
}

const PRODUCER = 'marketing';

/**
 * CustomerLoyalty: one customer's count of delivered orders, the aggregate that decides coupons.
 * The count is marketing's arrival order: the k-th delivery marketing records is the k-th, and the
 * coupons follow from k through the CouponPolicy. Stored with optimistic concurrency, so two
 * deliveries of one customer recorded at once (different partitions, different replicas) never get
 * the same number: one save wins, the other reloads and takes the next.
 */
export class CustomerLoyalty {
  private readonly newDeliveries: DeliveredOrder[] = [];
  private readonly newCoupons: CouponState[] = [];
  private readonly recorded: DomainEvent[] = [];

  private constructor(private state: CustomerLoyaltyState) {}

  /** A customer marketing has not counted a delivery for yet. */
  static start(customerId: string): CustomerLoyalty {
    if (customerId.trim().length === 0) throw new InvalidMarketingInput('customerId must not be empty');
    return new CustomerLoyalty({ customerId, deliveredOrders: 0, version: 0 });
  }

  static restore(state: CustomerLoyaltyState): CustomerLoyalty {
    return new CustomerLoyalty({ ...state });
  }

  get customerId(): string {
    return this.state.customerId;
  }

  get deliveredOrders(): number {
    return this.state.deliveredOrders;
  }

  get version(): number {
    return this.state.version;
  }

  get isNew(): boolean {
    return this.state.version === 0;
  }

  /** Deliveries recorded since the last save. */
  get deliveries(): readonly DeliveredOrder[] {
    return this.newDeliveries;
  }

  /** Coupons issued since the last save. */
  get coupons(): readonly CouponState[] {
    return this.newCoupons;
  }

  /** CouponIssued events since the last save (one per coupon). */
  get events(): readonly DomainEvent[] {
    return this.recorded;
  }

  snapshot(): Readonly<CustomerLoyaltyState> {
    return { ...this.state };
  }

  /**
   * Counts one more delivered order and issues the coupons the policy grants for its number. Each
   * coupon records a CouponIssued whose envelope names the earning order and is caused by the
   * DeliveryCompleted. Whether this order was counted before is the repository's business (the
   * orderId is unique among delivered orders); the handler asks it first.
   */
  recordDelivery(delivery: Delivery, policy: CouponPolicy, newCouponId: () => string, now: Date): DeliveryRecorded {
    if (delivery.customerId !== this.state.customerId) {
      throw new InvalidMarketingInput(
        `delivery of order ${delivery.orderId} is for ${delivery.customerId}, not ${this.state.customerId}`,
        delivery.orderId,
      );
    }
    if (delivery.orderId.trim().length === 0) throw new InvalidMarketingInput('orderId must not be empty');
    if (this.newDeliveries.some((recorded) => recorded.orderId === delivery.orderId)) {
      throw new InvalidMarketingInput(`order ${delivery.orderId} is already recorded`, delivery.orderId);
    }
    const sequence = this.state.deliveredOrders + 1;
    this.state = { ...this.state, deliveredOrders: sequence };
    this.newDeliveries.push({ ...delivery, sequence, recordedAt: now });

    const coupons = policy.grantsFor(sequence).map((grant): CouponState => {
      const couponId = newCouponId();
      return {
        couponId,
        code: couponCode(grant.kind, couponId),
        customerId: this.state.customerId,
        orderId: delivery.orderId,
        kind: grant.kind,
        discount: grant.discount,
        reason: grant.reason,
        sequence,
        issuedAt: now,
        expiresAt: expiryOf(now, policy.terms.validDays),
      };
    });
    for (const coupon of coupons) {
      this.newCoupons.push(coupon);
      this.recorded.push(
        createEvent('CouponIssued', {
          orderId: delivery.orderId,
          producer: PRODUCER,
          causationId: delivery.eventId,
          occurredAt: now,
          payload: {
            couponId: coupon.couponId,
            customerId: coupon.customerId,
            discount: coupon.discount,
            reason: coupon.reason,
          },
        }),
      );
    }
    return { sequence, coupons: coupons.map((coupon) => ({ ...coupon })) };
  }

  /** The repository stored the state (as `version`), the deliveries, the coupons and their events. */
  committed(version: number): void {
    this.state = { ...this.state, version };
    this.newDeliveries.length = 0;
    this.newCoupons.length = 0;
    this.recorded.length = 0;
  }
}
