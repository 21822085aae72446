import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { KafkaMessaging, OutboxRelay, TypeOrmOutboxStore } from '@fooddelivery/messaging';
import { DatabaseQueue, QueuedOutboxStore, commitAggregate } from '@fooddelivery/persistence';
import { OrderLine, Payment, PaymentState, PaymentStatus } from '../../domain/payment';
import { PaymentRepository, SaveOptions, SaveResult } from '../../application/ports/payment.repository';
import { PaymentRecord } from './payment.orm-entity';

/** The inbox name of pay's event handlers (its consumer group's name). */
const INBOX_CONSUMER = 'pay';

/**
 * Payments in PostgreSQL or SQLite through TypeORM. Every write is one transaction with the
 * payment's events (outbox) and, for event handlers, the consumed event's id (inbox); the outbox
 * relay is nudged after each commit that staged events.
 *
 * On SQLite, TypeORM runs everything on one connection, where a second transaction cannot start
 * while one is open (and a read in between would see uncommitted rows): there, this repository's
 * operations run one at a time. SQLite is the embedded single-process default; PostgreSQL has a pool.
 */
@Injectable()
export class TypeOrmPaymentRepository extends PaymentRepository {
  private readonly relay: OutboxRelay;

  constructor(
    private readonly dataSource: DataSource,
    messaging: KafkaMessaging,
    private readonly queue: DatabaseQueue,
  ) {
    super();
    this.relay = messaging.addOutbox('payments', new QueuedOutboxStore(new TypeOrmOutboxStore(dataSource), queue));
  }

  findByOrderId(orderId: string): Promise<Payment | undefined> {
    return this.queue.run(async () => {
      const record = await this.dataSource.getRepository(PaymentRecord).findOneBy({ orderId });
      return record ? Payment.restore(toState(record)) : undefined;
    });
  }

  add(payment: Payment, options: SaveOptions = {}): Promise<SaveResult> {
    // a unique orderId taken already (or the same event won the inbox concurrently) is a conflict
    return this.write(payment, options, async (manager) => {
      await manager.insert(PaymentRecord, { ...toRecord(payment.snapshot()), version: payment.version + 1 });
    });
  }

  update(payment: Payment, options: SaveOptions = {}): Promise<SaveResult> {
    return this.write(payment, options, async (manager) => {
      const { paymentId, orderId: _orderId, ...changes } = toRecord(payment.snapshot());
      const result = await manager.update(PaymentRecord, { paymentId, version: payment.version }, { ...changes, version: payment.version + 1 });
      return (result.affected ?? 0) > 0;
    });
  }

  /** The row write, its events (outbox) and the consumed event (inbox) in one transaction. */
  private async write(payment: Payment, options: SaveOptions, change: (manager: EntityManager) => Promise<boolean | void>): Promise<SaveResult> {
    const events = [...payment.events];
    const result = await commitAggregate(this.dataSource, this.queue, {
      change,
      events,
      ...(options.consumedEventId ? { inbox: { consumer: INBOX_CONSUMER, eventId: options.consumedEventId } } : {}),
    });
    if (result === 'saved') {
      payment.committed();
      if (events.length > 0) void this.relay.flush();
    }
    return result;
  }
}

function toRecord(state: PaymentState): PaymentRecord {
  return {
    paymentId: state.paymentId,
    orderId: state.orderId,
    status: state.status,
    customerId: state.customerId ?? null,
    storeId: state.storeId ?? null,
    items: state.items ? JSON.stringify(state.items) : null,
    amount: state.amount ?? null,
    transactionId: state.transactionId ?? null,
    reason: state.reason ?? null,
    attempts: state.attempts,
    version: state.version,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    approvedAt: state.approvedAt ?? null,
    declinedAt: state.declinedAt ?? null,
    cancelledAt: state.cancelledAt ?? null,
    voidedAt: state.voidedAt ?? null,
    refundedAt: state.refundedAt ?? null,
  };
}

function toState(record: PaymentRecord): PaymentState {
  return {
    paymentId: record.paymentId,
    orderId: record.orderId,
    status: record.status as PaymentStatus,
    customerId: record.customerId ?? undefined,
    storeId: record.storeId ?? undefined,
    items: record.items ? (JSON.parse(record.items) as OrderLine[]) : undefined,
    amount: record.amount ?? undefined,
    transactionId: record.transactionId ?? undefined,
    reason: record.reason ?? undefined,
    attempts: record.attempts,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    approvedAt: record.approvedAt ?? undefined,
    declinedAt: record.declinedAt ?? undefined,
    cancelledAt: record.cancelledAt ?? undefined,
    voidedAt: record.voidedAt ?? undefined,
    refundedAt: record.refundedAt ?? undefined,
  };
}
