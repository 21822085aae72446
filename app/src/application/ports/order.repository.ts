import type { Order } from '../../domain/order';

export const ORDER_REPOSITORY = Symbol('OrderRepository');

/** Orders with their pending events: every save writes state and outbox in one atomic write. */
export interface OrderRepository {
  /** Adds a new order; 'duplicate' when an order with its id exists already (nothing written). */
  insert(order: Order): Promise<'inserted' | 'duplicate'>;
  findById(orderId: string): Promise<Order | undefined>;
  findByCustomer(customerId: string, limit: number): Promise<Order[]>;
  findRecent(limit: number): Promise<Order[]>;
  /**
   * Saves the order if nobody changed it since it was loaded (same version); false when someone
   * did (the caller reloads and decides again). Events recorded on the order go to its outbox.
   */
  save(order: Order): Promise<boolean>;
  /**
   * save() that also records `eventId` as applied to this order, unless it already was (inbox):
   * 'applied', 'duplicate' (already applied; nothing written) or 'conflict' (changed meanwhile: reload, retry).
   */
  saveApplying(order: Order, eventId: string): Promise<'applied' | 'duplicate' | 'conflict'>;
  /** Whether this event was already applied to this order. */
  hasApplied(orderId: string, eventId: string): Promise<boolean>;
  /** Orders whose payment app gave up on: uncertain failures, and PAYMENT_PENDING older than `staleBefore`. */
  findNeedingReconciliation(staleBefore: Date, limit: number): Promise<Order[]>;
}
