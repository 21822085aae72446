import type { DomainEvent } from '@fooddelivery/contracts';
import { StoreOrder, StoreOrderState } from '../../domain/store-order';
import { SaveOptions, SaveResult, StoreOrderFilter, StoreOrderRepository } from '../ports/store-order.repository';

/**
 * The repository's contract in memory, for use-case tests: rows by orderId with a version, an
 * outbox of the events saved with them and an inbox of consumed eventIds.
 */
export class InMemoryStoreOrderRepository extends StoreOrderRepository {
  readonly rows = new Map<string, StoreOrderState>();
  readonly outbox: DomainEvent[] = [];
  readonly inbox = new Set<string>();
  /** Runs just before the next write (once): lets a test change the row underneath, as a concurrent request would. */
  beforeNextWrite: (() => void) | undefined;

  async findById(orderId: string): Promise<StoreOrder | undefined> {
    const row = this.rows.get(orderId);
    return row ? StoreOrder.restore(row) : undefined;
  }

  async list(filter: StoreOrderFilter): Promise<StoreOrder[]> {
    return [...this.rows.values()]
      .filter((row) => !row.tombstone)
      .filter((row) => filter.storeId === undefined || row.storeId === filter.storeId)
      .filter((row) => filter.status === undefined || row.status === filter.status)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.orderId.localeCompare(b.orderId))
      .slice(0, filter.limit)
      .map((row) => StoreOrder.restore(row));
  }

  async add(order: StoreOrder, options: SaveOptions = {}): Promise<SaveResult> {
    this.interfere();
    if (options.consumedEventId && this.inbox.has(options.consumedEventId)) return 'already-applied';
    if (this.rows.has(order.orderId)) return 'conflict';
    return this.commit(order, order.version, options);
  }

  async update(order: StoreOrder, options: SaveOptions = {}): Promise<SaveResult> {
    this.interfere();
    if (options.consumedEventId && this.inbox.has(options.consumedEventId)) return 'already-applied';
    const stored = this.rows.get(order.orderId);
    if (!stored || stored.version !== order.version) return 'conflict';
    return this.commit(order, order.version + 1, options);
  }

  /** Stores a row as it is (a test's given state). */
  seed(state: StoreOrderState): void {
    this.rows.set(state.orderId, state);
  }

  private commit(order: StoreOrder, version: number, options: SaveOptions): SaveResult {
    this.rows.set(order.orderId, { ...order.snapshot(), version });
    this.outbox.push(...order.events);
    if (options.consumedEventId) this.inbox.add(options.consumedEventId);
    order.committed(version);
    return 'saved';
  }

  private interfere(): void {
    const change = this.beforeNextWrite;
    this.beforeNextWrite = undefined;
    change?.();
  }
}
