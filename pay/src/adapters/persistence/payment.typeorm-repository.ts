import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { KafkaMessaging, OutboxRelay, TypeOrmOutboxStore, applyOnce, stageEvents } from '@fooddelivery/messaging';
import { DatabaseQueue, QueuedOutboxStore, isUniqueViolation } from '@fooddelivery/persistence';
import { OrderLine, Payment, PaymentState, PaymentStatus } from '../../domain/payment';
import { PaymentRepository, SaveOptions, SaveResult } from '../../application/ports/payment.repository';
import { PaymentRecord } from './payment.orm-entity';

/** The inbox name of pay's event handlers (its consumer group's name). */
const INBOX_CONSUMER = 'pay';

/** Thrown inside a transaction to roll it back when the conditional write found the row changed. */
class StaleWrite extends Error {}

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
    return this.serialized(async () => {
      const record = await this.dataSource.getRepository(PaymentRecord).findOneBy({ orderId });
      return record ? Payment.restore(toState(record)) : undefined;
    });
  }

  async add(payment: Payment, options: SaveOptions = {}): Promise<SaveResult> {
    try {
      return await this.write(payment, options, async (manager) => {
        await manager.insert(PaymentRecord, { ...toRecord(payment.snapshot()), version: payment.version + 1 });
        return true;
      });
    } catch (error) {
      // the orderId is claimed already (or a concurrent delivery of the same event won the inbox)
      if (isUniqueViolation(error)) return 'conflict';
      throw error;
    }
  }

  update(payment: Payment, options: SaveOptions = {}): Promise<SaveResult> {
    return this.write(payment, options, async (manager) => {
      const { paymentId, orderId: _orderId, ...changes } = toRecord(payment.snapshot());
      const result = await manager.update(PaymentRecord, { paymentId, version: payment.version }, { ...changes, version: payment.version + 1 });
      return (result.affected ?? 0) > 0;
    });
  }

  /** Runs the row write, then stages the events, in one transaction (with the inbox row, if any). */
  private write(payment: Payment, options: SaveOptions, change: (manager: EntityManager) => Promise<boolean>): Promise<SaveResult> {
    return this.serialized(() => this.transact(payment, options, change));
  }

  private async transact(payment: Payment, options: SaveOptions, change: (manager: EntityManager) => Promise<boolean>): Promise<SaveResult> {
    const events = [...payment.events];
    const work = async (manager: EntityManager) => {
      if (!(await change(manager))) throw new StaleWrite();
      await stageEvents(manager, events);
    };
    let result: SaveResult;
    try {
      if (options.consumedEventId) {
        const outcome = await applyOnce(this.dataSource, INBOX_CONSUMER, options.consumedEventId, work);
        result = outcome === 'applied' ? 'saved' : 'already-applied';
      } else {
        await this.dataSource.transaction(work);
        result = 'saved';
      }
    } catch (error) {
      if (error instanceof StaleWrite) return 'conflict';
      throw error;
    }
    if (result === 'saved') {
      payment.committed();
      if (events.length > 0) void this.relay.flush();
    }
    return result;
  }

  /** One at a time on a single-connection database (SQLite); as they come otherwise. */
  private serialized<T>(operation: () => Promise<T>): Promise<T> {
    return this.queue.run(operation);
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
