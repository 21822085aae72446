import { Order } from '../../domain/order';
import type { OrderRepository } from './order.repository';

/** OrderRepository in memory, for use-case tests (same version and inbox rules as the real one). */
export class InMemoryOrders implements OrderRepository {
  readonly rows = new Map<string, { state: ReturnType<Order['snapshot']>; events: unknown[] }>();
  insert(order: Order) {
    if (this.rows.has(order.id)) return Promise.resolve('duplicate' as const);
    this.rows.set(order.id, { state: order.snapshot(), events: order.pullEvents() });
    return Promise.resolve('inserted' as const);
  }
  findById(id: string) {
    const row = this.rows.get(id);
    return Promise.resolve(row ? Order.restore(row.state) : undefined);
  }
  findByCustomer = () => Promise.resolve([]);
  findRecent = () => Promise.resolve([]);
  save(order: Order) {
    const row = this.rows.get(order.id);
    if (!row || row.state.version !== order.version) return Promise.resolve(false);
    const events = order.pullEvents();
    order.markSaved();
    this.rows.set(order.id, { state: order.snapshot(), events: [...row.events, ...events] });
    return Promise.resolve(true);
  }
  readonly applied = new Set<string>();
  async saveApplying(order: Order, eventId: string) {
    if (this.applied.has(`${order.id}/${eventId}`)) return 'duplicate' as const;
    if (!(await this.save(order))) return 'conflict' as const;
    this.applied.add(`${order.id}/${eventId}`);
    return 'applied' as const;
  }
  hasApplied(orderId: string, eventId: string) {
    return Promise.resolve(this.applied.has(`${orderId}/${eventId}`));
  }
  findNeedingReconciliation(staleBefore: Date) {
    const found = [...this.rows.values()]
      .map((row) => row.state)
      .filter((state) => state.reconciliation === 'PENDING' || (state.status === 'PAYMENT_PENDING' && state.createdAt < staleBefore));
    return Promise.resolve(found.map((state) => Order.restore(state)));
  }
}
