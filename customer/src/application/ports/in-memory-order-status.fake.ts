import type { OrderStatusView } from '../../domain/order-status-view';
import type { OrderStatusRepository, SaveOutcome } from './order-status.repository';

/** OrderStatusRepository in memory, for use-case tests (same revision and inbox rules as the real one). */
export class InMemoryOrderStatusViews implements OrderStatusRepository {
  readonly rows = new Map<string, { view: OrderStatusView; processed: Set<string> }>();
  /** Called before each save: lets a test change the stored view behind the handler's back once. */
  beforeSave: (() => void) | undefined;

  async findById(orderId: string) {
    const row = this.rows.get(orderId);
    return row ? structuredClone(row.view) : undefined;
  }
  async findByCustomer(customerId: string, limit: number) {
    return this.list((view) => view.customerId === customerId, limit);
  }
  async findByStore(storeId: string, limit: number) {
    return this.list((view) => view.storeId === storeId, limit);
  }
  async findRecent(limit: number) {
    return this.list(() => true, limit);
  }
  async saveApplying(
    view: OrderStatusView,
    expectedRevision: number | undefined,
    eventId: string,
  ): Promise<SaveOutcome> {
    const hook = this.beforeSave;
    this.beforeSave = undefined;
    hook?.();
    const row = this.rows.get(view.orderId);
    if (row?.processed.has(eventId)) return 'duplicate';
    if ((row?.view.revision ?? undefined) !== expectedRevision) return 'conflict';
    this.rows.set(view.orderId, {
      view: structuredClone(view),
      processed: new Set([...(row?.processed ?? []), eventId]),
    });
    return 'applied';
  }
  private list(keep: (view: OrderStatusView) => boolean, limit: number) {
    return [...this.rows.values()]
      .map((row) => structuredClone(row.view))
      .filter(keep)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
      .slice(0, limit);
  }
}
