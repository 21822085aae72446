import { Column, CreateDateColumn, DataSource, Entity, EntityManager, Index, LessThanOrEqual, PrimaryGeneratedColumn, In } from 'typeorm';
import { DomainEvent, assertValidEvent } from '@fooddelivery/contracts';
import type { OutboxStore } from './outbox-store';

/** One committed, not yet published event, written in the same transaction as its aggregate. */
@Entity({ name: 'outbox' })
export class OutboxMessage {
  /** Insertion order: the relay publishes oldest first, so one order's events keep their order. */
  @PrimaryGeneratedColumn()
  position!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 36 })
  eventId!: string;

  @Column({ type: 'varchar', length: 100 })
  orderId!: string;

  @Column({ type: 'varchar', length: 100 })
  eventType!: string;

  @Column({ type: 'text' })
  envelope!: string;

  @CreateDateColumn()
  createdAt!: Date;
}

/** Stages events inside the caller's transaction: `await outbox.stage(manager, order.pullEvents())`. */
export async function stageEvents(manager: EntityManager, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await manager.insert(
    OutboxMessage,
    events.map((event) => ({
      eventId: event.eventId,
      orderId: event.orderId,
      eventType: event.eventType,
      envelope: JSON.stringify(assertValidEvent(event)),
    })),
  );
}

export class TypeOrmOutboxStore implements OutboxStore {
  constructor(private readonly dataSource: DataSource) {}

  async fetchPending(limit: number, minAgeMs: number): Promise<DomainEvent[]> {
    const rows = await this.dataSource.getRepository(OutboxMessage).find({
      where: minAgeMs > 0 ? { createdAt: LessThanOrEqual(new Date(Date.now() - minAgeMs)) } : {},
      order: { position: 'ASC' },
      take: limit,
    });
    return rows.map((row) => assertValidEvent(JSON.parse(row.envelope)));
  }

  async markPublished(events: readonly DomainEvent[]): Promise<void> {
    await this.dataSource.getRepository(OutboxMessage).delete({ eventId: In(events.map((event) => event.eventId)) });
  }

  countPending(): Promise<number> {
    return this.dataSource.getRepository(OutboxMessage).count();
  }
}
