import type { CustomerOrder } from '../../domain/customer-order';
import type { RecommendationInput } from '../../domain/recommendation';
import type { SaveOptions, SaveResult } from './save-result';

/** How much of the customer × menu matrix one recommendation reads. */
export interface HistoryScope {
  /** Popularity counts orders placed since then. */
  since: Date;
  /** At most this many other customers (those who ordered the customer's menus most recently). */
  neighbourLimit: number;
  /** At most this many recent order lines (the newest). */
  recentLimit: number;
}

/**
 * Where the orders recommendations learn from live: one per orderId with its menus, changed with
 * optimistic concurrency. Only placed orders that were not voided count.
 */
export abstract class CustomerOrderRepository {
  abstract findById(orderId: string): Promise<CustomerOrder | undefined>;

  /** Stores a new order (or void), claiming its orderId; 'conflict' when it is taken already. */
  abstract add(order: CustomerOrder, options?: SaveOptions): Promise<SaveResult>;

  /** Stores the order's change if it is still at the version it was loaded with. */
  abstract update(order: CustomerOrder, options?: SaveOptions): Promise<SaveResult>;

  /** The slice of counting orders a recommendation for `customerId` (or nobody: popular only) needs. */
  abstract recommendationInput(customerId: string | undefined, scope: HistoryScope): Promise<RecommendationInput>;
}
