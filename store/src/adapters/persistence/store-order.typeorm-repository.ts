import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import type { OrderLine } from '@fooddelivery/contracts';
import { KafkaMessaging, OutboxRelay, TypeOrmOutboxStore } from '@fooddelivery/messaging';
import { DatabaseQueue, QueuedOutboxStore, commitAggregate } from '@fooddelivery/persistence';
import { StoreOrder, StoreOrderState, StoreOrderStatus, TimelineEntry } from '../../domain/store-order';
import {
  SaveOptions,
  SaveResult,
  StoreOrderFilter,
  StoreOrderRepository,
} from '../../application/ports/store-order.repository';
import { StoreOrderRecord } from './store-order.orm-entity';

/** The inbox name of store's event handlers (its consumer group's default name). */
const INBOX_CONSUMER = 'store';

/**
 * Store orders in PostgreSQL or SQLite through TypeORM. Every write is one transaction with the
 * order's events (outbox) and, for event handlers, the consumed event's id (inbox); the outbox relay
 * is nudged after each commit that staged events.
 */
@Injectable()
export class TypeOrmStoreOrderRepository extends StoreOrderRepository {
  private readonly relay: OutboxRelay;

  constructor(
    private readonly dataSource: DataSource,
    messaging: KafkaMessaging,
    private readonly queue: DatabaseQueue,
  ) {
    super();
    this.relay = messaging.addOutbox('store-orders', new QueuedOutboxStore(new TypeOrmOutboxStore(dataSource), queue));
  }

  async findById(orderId: string): Promise<StoreOrder | undefined> {
    const record = await this.dataSource.getRepository(StoreOrderRecord).findOneBy({ orderId });
    return record ? StoreOrder.restore(toState(record)) : undefined;
  }

  async list(filter: StoreOrderFilter): Promise<StoreOrder[]> {
    const where: FindOptionsWhere<StoreOrderRecord> = { tombstone: false };
    if (filter.storeId !== undefined) where.storeId = filter.storeId;
    if (filter.status !== undefined) where.status = filter.status;
    const records = await this.dataSource.getRepository(StoreOrderRecord).find({
      where,
      order: { createdAt: 'DESC', orderId: 'ASC' },
      take: filter.limit,
    });
    return records.map((record) => StoreOrder.restore(toState(record)));
  }

  add(order: StoreOrder, options: SaveOptions = {}): Promise<SaveResult> {
    // the orderId taken already (or the same event won the inbox concurrently) is a conflict
    return this.write(order, order.version, options, async (manager) => {
      await manager.insert(StoreOrderRecord, toRecord(order.snapshot()));
    });
  }

  update(order: StoreOrder, options: SaveOptions = {}): Promise<SaveResult> {
    const next = order.version + 1;
    return this.write(order, next, options, async (manager) => {
      const { orderId, ...changes } = toRecord(order.snapshot());
      const result = await manager.update(
        StoreOrderRecord,
        { orderId, version: order.version },
        { ...changes, version: next },
      );
      return (result.affected ?? 0) > 0;
    });
  }

  /** The row write, its events (outbox) and the consumed event (inbox) in one transaction. */
  private async write(
    order: StoreOrder,
    version: number,
    options: SaveOptions,
    change: (manager: EntityManager) => Promise<boolean | void>,
  ): Promise<SaveResult> {
    const events = [...order.events];
    const result = await commitAggregate(this.dataSource, this.queue, {
      change,
      events,
      ...(options.consumedEventId ? { inbox: { consumer: INBOX_CONSUMER, eventId: options.consumedEventId } } : {}),
    });
    if (result === 'saved') {
      order.committed(version);
      if (events.length > 0) void this.relay.flush();
    }
    return result;
  }
}

function toRecord(state: StoreOrderState): StoreOrderRecord {
  return {
    orderId: state.orderId,
    storeId: state.storeId ?? null,
    customerId: state.customerId ?? null,
    paymentId: state.paymentId ?? null,
    status: state.status,
    items: JSON.stringify(state.items),
    amount: state.amount,
    timeline: JSON.stringify(state.timeline.map((entry) => ({ status: entry.status, at: entry.at.toISOString() }))),
    rider: state.rider ?? null,
    rejectionReason: state.rejectionReason ?? null,
    cancellationReason: state.cancellationReason ?? null,
    tombstone: state.tombstone,
    version: state.version,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

function toState(record: StoreOrderRecord): StoreOrderState {
  const timeline = (JSON.parse(record.timeline) as { status: StoreOrderStatus; at: string }[]).map(
    (entry): TimelineEntry => ({ status: entry.status, at: new Date(entry.at) }),
  );
  return {
    orderId: record.orderId,
    ...(record.storeId !== null ? { storeId: record.storeId } : {}),
    ...(record.customerId !== null ? { customerId: record.customerId } : {}),
    ...(record.paymentId !== null ? { paymentId: record.paymentId } : {}),
    items: JSON.parse(record.items) as OrderLine[],
    amount: record.amount,
    status: record.status as StoreOrderStatus,
    timeline,
    ...(record.rider !== null ? { rider: record.rider } : {}),
    ...(record.rejectionReason !== null ? { rejectionReason: record.rejectionReason } : {}),
    ...(record.cancellationReason !== null ? { cancellationReason: record.cancellationReason } : {}),
    tombstone: Boolean(record.tombstone),
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
