import type { DomainEvent } from '@fooddelivery/contracts';
import type { CouponState } from '../../domain/coupon';
import { CustomerLoyalty, CustomerLoyaltyState, DeliveredOrder } from '../../domain/customer-loyalty';
import { CouponFilter, CustomerLoyaltyRepository } from '../ports/customer-loyalty.repository';
import type { SaveOptions, SaveResult } from '../ports/save-result';

/**
 * The repository's contract in memory, for use-case tests: counts by customer with a version,
 * delivered orders unique by orderId and (customerId, sequence), coupons unique by (orderId, kind),
 * an outbox of the events saved with them and an inbox of consumed eventIds.
 */
export class InMemoryCustomerLoyaltyRepository extends CustomerLoyaltyRepository {
  readonly rows = new Map<string, CustomerLoyaltyState>();
  readonly deliveries = new Map<string, DeliveredOrder>();
  readonly issued: CouponState[] = [];
  readonly outbox: DomainEvent[] = [];
  readonly inbox = new Set<string>();
  /** Runs just before the next write (once): lets a test change the rows underneath, as a concurrent consumer would. */
  beforeNextWrite: (() => void) | undefined;

  async findByCustomer(customerId: string): Promise<CustomerLoyalty | undefined> {
    const row = this.rows.get(customerId);
    return row ? CustomerLoyalty.restore(row) : undefined;
  }

  async findDelivery(orderId: string): Promise<DeliveredOrder | undefined> {
    const found = this.deliveries.get(orderId);
    return found ? { ...found } : undefined;
  }

  async save(loyalty: CustomerLoyalty, options: SaveOptions = {}): Promise<SaveResult> {
    const change = this.beforeNextWrite;
    this.beforeNextWrite = undefined;
    change?.();
    if (options.consumedEventId && this.inbox.has(options.consumedEventId)) return 'already-applied';
    const stored = this.rows.get(loyalty.customerId);
    if (loyalty.isNew ? stored !== undefined : stored?.version !== loyalty.version) return 'conflict';
    for (const delivery of loyalty.deliveries) {
      if (this.deliveries.has(delivery.orderId)) return 'conflict';
      const taken = [...this.deliveries.values()].some(
        (other) => other.customerId === delivery.customerId && other.sequence === delivery.sequence,
      );
      if (taken) return 'conflict';
    }
    for (const coupon of loyalty.coupons) {
      if (this.issued.some((other) => other.orderId === coupon.orderId && other.kind === coupon.kind))
        return 'conflict';
    }
    const version = loyalty.version + 1;
    this.rows.set(loyalty.customerId, { ...loyalty.snapshot(), version });
    for (const delivery of loyalty.deliveries) this.deliveries.set(delivery.orderId, { ...delivery });
    this.issued.push(...loyalty.coupons.map((coupon) => ({ ...coupon })));
    this.outbox.push(...loyalty.events);
    if (options.consumedEventId) this.inbox.add(options.consumedEventId);
    loyalty.committed(version);
    return 'saved';
  }

  async coupons(filter: CouponFilter): Promise<CouponState[]> {
    return this.issued
      .filter((coupon) => filter.customerId === undefined || coupon.customerId === filter.customerId)
      .sort(
        (a, b) =>
          b.issuedAt.getTime() - a.issuedAt.getTime() || b.sequence - a.sequence || a.kind.localeCompare(b.kind),
      )
      .slice(0, filter.limit)
      .map((coupon) => ({ ...coupon }));
  }
}
