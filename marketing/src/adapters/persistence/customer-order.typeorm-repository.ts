import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, MoreThanOrEqual, SelectQueryBuilder } from 'typeorm';
import { CustomerOrder, CustomerOrderState } from '../../domain/customer-order';
import { NamedMenu, NeighbourHistory, RecommendationInput, keyOf } from '../../domain/recommendation';
import { CustomerOrderRepository, HistoryScope } from '../../application/ports/customer-order.repository';
import type { SaveOptions, SaveResult } from '../../application/ports/save-result';
import { DatabaseQueue, commitAggregate } from '@fooddelivery/persistence';
import { CustomerOrderLineRecord, CustomerOrderRecord } from './customer-order.orm-entities';
import { INBOX_CONSUMER } from './inbox-consumer';

/**
 * Orders and their menu lines in PostgreSQL or SQLite through TypeORM. A save is one transaction
 * with the consumed event in the inbox; the lines are rewritten with the order, `counted` following it.
 * The recommendation slice is read with a few grouped queries over the lines (no join with orders).
 */
@Injectable()
export class TypeOrmCustomerOrderRepository extends CustomerOrderRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: DatabaseQueue,
  ) {
    super();
  }

  findById(orderId: string): Promise<CustomerOrder | undefined> {
    return this.queue.run(async () => {
      const record = await this.dataSource.getRepository(CustomerOrderRecord).findOneBy({ orderId });
      if (!record) return undefined;
      const lines = await this.dataSource
        .getRepository(CustomerOrderLineRecord)
        .find({ where: { orderId }, order: { menuId: 'ASC' } });
      return CustomerOrder.restore(toState(record, lines));
    });
  }

  add(order: CustomerOrder, options: SaveOptions = {}): Promise<SaveResult> {
    return this.write(order, options, async (manager, record) => {
      await manager.insert(CustomerOrderRecord, record);
      return true;
    });
  }

  update(order: CustomerOrder, options: SaveOptions = {}): Promise<SaveResult> {
    return this.write(order, options, async (manager, record) => {
      const { orderId, ...changes } = record;
      const result = await manager.update(CustomerOrderRecord, { orderId, version: order.version }, changes);
      if ((result.affected ?? 0) === 0) return false;
      await manager.delete(CustomerOrderLineRecord, { orderId });
      return true;
    });
  }

  recommendationInput(customerId: string | undefined, scope: HistoryScope): Promise<RecommendationInput> {
    return this.queue.run(async () => {
      const recent = (
        await this.dataSource.getRepository(CustomerOrderLineRecord).find({
          select: { storeId: true, menuId: true, name: true, placedAt: true },
          where: { counted: true, placedAt: MoreThanOrEqual(scope.since) },
          order: { placedAt: 'DESC', orderId: 'ASC', menuId: 'ASC' },
          take: scope.recentLimit,
        })
      ).map(({ storeId, menuId, name, placedAt }) => ({ storeId, menuId, name, placedAt }));
      if (customerId === undefined) return { own: [], ownStores: [], neighbours: [], reach: [], recent };

      const own = (
        await this.lines()
          .select('l.storeId', 'storeId')
          .addSelect('l.menuId', 'menuId')
          .addSelect('MAX(l.name)', 'name')
          .addSelect('COUNT(*)', 'orders')
          .andWhere('l.customerId = :customerId', { customerId })
          .groupBy('l.storeId')
          .addGroupBy('l.menuId')
          .getRawMany<{ storeId: string; menuId: string; name: string; orders: string | number }>()
      ).map((row) => ({ storeId: row.storeId, menuId: row.menuId, name: row.name, orders: Number(row.orders) }));
      if (own.length === 0) return { customerId, own: [], ownStores: [], neighbours: [], reach: [], recent };

      const ownStores = (
        await this.lines()
          .select('l.storeId', 'storeId')
          .addSelect('COUNT(DISTINCT l.orderId)', 'orders')
          .andWhere('l.customerId = :customerId', { customerId })
          .groupBy('l.storeId')
          .getRawMany<{ storeId: string; orders: string | number }>()
      ).map((row) => ({ storeId: row.storeId, orders: Number(row.orders) }));

      // the other customers who ordered one of this customer's menus, most recent first
      const neighbourIds = (
        await this.lines()
          .select('l.customerId', 'customerId')
          .innerJoin(
            CustomerOrderLineRecord,
            'm',
            'm.storeId = l.storeId AND m.menuId = l.menuId AND m.customerId = :customerId AND m.counted = :counted',
          )
          .andWhere('l.customerId <> :customerId', { customerId })
          .groupBy('l.customerId')
          .orderBy('MAX(l.placedAt)', 'DESC')
          .addOrderBy('l.customerId', 'ASC')
          .limit(scope.neighbourLimit)
          .getRawMany<{ customerId: string }>()
      ).map((row) => row.customerId);

      const neighbours = new Map<string, NeighbourHistory>();
      for (const ids of chunks(neighbourIds, 500)) {
        const rows = await this.lines()
          .select('l.customerId', 'customerId')
          .addSelect('l.storeId', 'storeId')
          .addSelect('l.menuId', 'menuId')
          .addSelect('MAX(l.name)', 'name')
          .andWhere('l.customerId IN (:...ids)', { ids })
          .groupBy('l.customerId')
          .addGroupBy('l.storeId')
          .addGroupBy('l.menuId')
          .getRawMany<{ customerId: string } & NamedMenu>();
        for (const row of rows) {
          const neighbour = neighbours.get(row.customerId) ?? { customerId: row.customerId, menus: [] };
          neighbour.menus.push({ storeId: row.storeId, menuId: row.menuId, name: row.name });
          neighbours.set(row.customerId, neighbour);
        }
      }

      // how many customers ordered each candidate menu (for the cosine's norms)
      const candidates = new Set([...own.map(keyOf), ...[...neighbours.values()].flatMap((n) => n.menus.map(keyOf))]);
      const menuIds = [...new Set([...own, ...[...neighbours.values()].flatMap((n) => n.menus)].map((m) => m.menuId))];
      const reach: RecommendationInput['reach'] = [];
      for (const ids of chunks(menuIds, 500)) {
        const rows = await this.lines()
          .select('l.storeId', 'storeId')
          .addSelect('l.menuId', 'menuId')
          .addSelect('COUNT(DISTINCT l.customerId)', 'customers')
          .andWhere('l.menuId IN (:...ids)', { ids })
          .groupBy('l.storeId')
          .addGroupBy('l.menuId')
          .getRawMany<{ storeId: string; menuId: string; customers: string | number }>();
        for (const row of rows) {
          if (candidates.has(keyOf(row))) {
            reach.push({ storeId: row.storeId, menuId: row.menuId, customers: Number(row.customers) });
          }
        }
      }
      return { customerId, own, ownStores, neighbours: [...neighbours.values()], reach, recent };
    });
  }

  /** The lines of counting orders. */
  private lines(): SelectQueryBuilder<CustomerOrderLineRecord> {
    return this.dataSource
      .getRepository(CustomerOrderLineRecord)
      .createQueryBuilder('l')
      .where('l.counted = :counted', { counted: true });
  }

  private async write(
    order: CustomerOrder,
    options: SaveOptions,
    change: (manager: EntityManager, record: CustomerOrderRecord) => Promise<boolean>,
  ): Promise<SaveResult> {
    const version = order.version + 1;
    const state = order.snapshot();
    const result = await commitAggregate(this.dataSource, this.queue, {
      change: async (manager: EntityManager) => {
        if (!(await change(manager, toRecord(state, version)))) return false;
        const lines = toLines(state);
        if (lines.length > 0) await manager.insert(CustomerOrderLineRecord, lines);
      },
      ...(options.consumedEventId ? { inbox: { consumer: INBOX_CONSUMER, eventId: options.consumedEventId } } : {}),
    });
    if (result === 'saved') order.committed(version);
    return result;
  }
}

function toRecord(state: CustomerOrderState, version: number): CustomerOrderRecord {
  return {
    orderId: state.orderId,
    customerId: state.customerId ?? null,
    storeId: state.storeId ?? null,
    placedAt: state.placedAt ?? null,
    voided: state.voided,
    voidReason: state.voidReason ?? null,
    version,
    updatedAt: new Date(),
  };
}

function toLines(state: CustomerOrderState): CustomerOrderLineRecord[] {
  const { orderId, customerId, storeId, placedAt } = state;
  if (customerId === undefined || storeId === undefined || placedAt === undefined) return [];
  return state.lines.map((line) => ({
    orderId,
    menuId: line.menuId,
    customerId,
    storeId,
    name: line.name,
    quantity: line.quantity,
    placedAt,
    counted: !state.voided,
  }));
}

function toState(record: CustomerOrderRecord, lines: CustomerOrderLineRecord[]): CustomerOrderState {
  return {
    orderId: record.orderId,
    ...(record.customerId !== null ? { customerId: record.customerId } : {}),
    ...(record.storeId !== null ? { storeId: record.storeId } : {}),
    ...(record.placedAt !== null ? { placedAt: record.placedAt } : {}),
    lines: lines.map((line) => ({ menuId: line.menuId, name: line.name, quantity: line.quantity })),
    voided: Boolean(record.voided),
    ...(record.voidReason !== null ? { voidReason: record.voidReason } : {}),
    version: record.version,
  };
}

function chunks<T>(values: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < values.length; i += size) result.push(values.slice(i, i + size));
  return result;
}
