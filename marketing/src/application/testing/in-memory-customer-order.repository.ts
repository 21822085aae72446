import { CustomerOrder, CustomerOrderState } from '../../domain/customer-order';
import { MenuHistory, NamedMenu, RecommendationInput, keyOf } from '../../domain/recommendation';
import { CustomerOrderRepository, HistoryScope } from '../ports/customer-order.repository';
import type { SaveOptions, SaveResult } from '../ports/save-result';

/**
 * The repository's contract in memory: orders by orderId with a version, an inbox of consumed
 * eventIds, and the recommendation slice computed from the counting orders the way the SQL does.
 */
export class InMemoryCustomerOrderRepository extends CustomerOrderRepository {
  readonly rows = new Map<string, CustomerOrderState>();
  readonly inbox = new Set<string>();

  async findById(orderId: string): Promise<CustomerOrder | undefined> {
    const row = this.rows.get(orderId);
    return row ? CustomerOrder.restore(row) : undefined;
  }

  async add(order: CustomerOrder, options: SaveOptions = {}): Promise<SaveResult> {
    if (options.consumedEventId && this.inbox.has(options.consumedEventId)) return 'already-applied';
    if (this.rows.has(order.orderId)) return 'conflict';
    return this.commit(order, options);
  }

  async update(order: CustomerOrder, options: SaveOptions = {}): Promise<SaveResult> {
    if (options.consumedEventId && this.inbox.has(options.consumedEventId)) return 'already-applied';
    if (this.rows.get(order.orderId)?.version !== order.version) return 'conflict';
    return this.commit(order, options);
  }

  async recommendationInput(customerId: string | undefined, scope: HistoryScope): Promise<RecommendationInput> {
    const lines = [...this.rows.values()]
      .filter((row) => row.placedAt !== undefined && !row.voided)
      .flatMap((row) =>
        row.lines.map((line) => ({
          customerId: row.customerId!,
          storeId: row.storeId!,
          menuId: line.menuId,
          name: line.name,
          orderId: row.orderId,
          placedAt: row.placedAt!,
        })),
      );
    const mine = lines.filter((line) => line.customerId === customerId);
    const own = new Map<string, MenuHistory>();
    for (const line of mine) {
      const found = own.get(keyOf(line));
      if (found) found.orders++;
      else own.set(keyOf(line), { storeId: line.storeId, menuId: line.menuId, name: line.name, orders: 1 });
    }
    const stores = new Map<string, Set<string>>();
    for (const line of mine) stores.set(line.storeId, (stores.get(line.storeId) ?? new Set()).add(line.orderId));

    const lastShared = new Map<string, number>();
    for (const line of lines) {
      if (line.customerId === customerId || !own.has(keyOf(line))) continue;
      lastShared.set(line.customerId, Math.max(lastShared.get(line.customerId) ?? 0, line.placedAt.getTime()));
    }
    const neighbourIds = [...lastShared.entries()]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, scope.neighbourLimit)
      .map(([id]) => id);
    const neighbours = neighbourIds.map((id) => {
      const menus = new Map<string, NamedMenu>();
      for (const line of lines.filter((l) => l.customerId === id)) {
        menus.set(keyOf(line), { storeId: line.storeId, menuId: line.menuId, name: line.name });
      }
      return { customerId: id, menus: [...menus.values()] };
    });
    const wanted = new Set([...own.keys(), ...neighbours.flatMap((n) => n.menus.map(keyOf))]);
    const reach = new Map<string, { storeId: string; menuId: string; buyers: Set<string> }>();
    for (const line of lines) {
      if (!wanted.has(keyOf(line))) continue;
      const entry = reach.get(keyOf(line)) ?? { storeId: line.storeId, menuId: line.menuId, buyers: new Set() };
      entry.buyers.add(line.customerId);
      reach.set(keyOf(line), entry);
    }
    const recent = lines
      .filter((line) => line.placedAt.getTime() >= scope.since.getTime())
      .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime())
      .slice(0, scope.recentLimit)
      .map(({ storeId, menuId, name, placedAt }) => ({ storeId, menuId, name, placedAt }));
    return {
      ...(customerId !== undefined ? { customerId } : {}),
      own: [...own.values()],
      ownStores: [...stores.entries()].map(([storeId, orders]) => ({ storeId, orders: orders.size })),
      neighbours,
      reach: [...reach.values()].map(({ storeId, menuId, buyers }) => ({ storeId, menuId, customers: buyers.size })),
      recent,
    };
  }

  private commit(order: CustomerOrder, options: SaveOptions): SaveResult {
    const version = order.version + 1;
    this.rows.set(order.orderId, { ...order.snapshot(), version });
    if (options.consumedEventId) this.inbox.add(options.consumedEventId);
    order.committed(version);
    return 'saved';
  }
}
