import type { StoreOrder, StoreOrderStatus } from '../../domain/store-order';

/**
 * - saved: committed, with the order's events in the outbox (and the consumed event in the inbox);
 * - conflict: someone else got there first (the orderId is already taken, or the order changed
 *   since it was loaded); nothing was written. Reload and decide again;
 * - already-applied: the consumed event was applied before (a redelivery); nothing was written.
 */
export type SaveResult = 'saved' | 'conflict' | 'already-applied';

export interface SaveOptions {
  /** The event this change reacts to: recorded in the inbox in the same transaction. */
  consumedEventId?: string;
}

export interface StoreOrderFilter {
  /** Only this store's orders (owners); unset: every store (admins). */
  storeId?: string;
  status?: StoreOrderStatus;
  limit: number;
}

/** Where store orders live: one per orderId, changed with optimistic concurrency, events through an outbox. */
export abstract class StoreOrderRepository {
  abstract findById(orderId: string): Promise<StoreOrder | undefined>;

  /** Orders the store received (never tombstones), newest first. */
  abstract list(filter: StoreOrderFilter): Promise<StoreOrder[]>;

  /** Stores a new order (or tombstone), claiming its orderId; 'conflict' when it is taken already. */
  abstract add(order: StoreOrder, options?: SaveOptions): Promise<SaveResult>;

  /** Stores the order's changes and its events if it is still at the version it was loaded with. */
  abstract update(order: StoreOrder, options?: SaveOptions): Promise<SaveResult>;
}
