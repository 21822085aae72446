import type { DomainEvent } from '@fooddelivery/contracts';
import { Payment, PaymentState } from '../../domain/payment';
import { PaymentRepository, SaveOptions, SaveResult } from '../ports/payment.repository';

/**
 * PaymentRepository in memory, for use-case tests: the unique orderId, version-conditional updates,
 * an outbox (`published`) and an inbox, with the same results as the TypeORM adapter.
 */
export class InMemoryPaymentRepository extends PaymentRepository {
  private readonly rows = new Map<string, PaymentState>();
  private readonly inbox = new Set<string>();
  /** Every event staged in the outbox, in commit order. */
  readonly outbox: DomainEvent[] = [];

  async findByOrderId(orderId: string): Promise<Payment | undefined> {
    const row = this.rows.get(orderId);
    return row ? Payment.restore(copy(row)) : undefined;
  }

  async add(payment: Payment, options: SaveOptions = {}): Promise<SaveResult> {
    if (options.consumedEventId && this.inbox.has(options.consumedEventId)) return 'already-applied';
    if (this.rows.has(payment.orderId)) return 'conflict';
    return this.commit(payment, options);
  }

  async update(payment: Payment, options: SaveOptions = {}): Promise<SaveResult> {
    if (options.consumedEventId && this.inbox.has(options.consumedEventId)) return 'already-applied';
    if (this.rows.get(payment.orderId)?.version !== payment.version) return 'conflict';
    return this.commit(payment, options);
  }

  /** Test set-up: a row as a crashed process or an earlier run left it. */
  put(state: PaymentState): void {
    this.rows.set(state.orderId, copy(state));
  }

  stored(orderId: string): PaymentState | undefined {
    const row = this.rows.get(orderId);
    return row ? copy(row) : undefined;
  }

  eventsOf(orderId: string, eventType?: string): DomainEvent[] {
    return this.outbox.filter((event) => event.orderId === orderId && (!eventType || event.eventType === eventType));
  }

  private commit(payment: Payment, options: SaveOptions): SaveResult {
    this.rows.set(payment.orderId, { ...payment.snapshot(), version: payment.version + 1 });
    this.outbox.push(...payment.events);
    if (options.consumedEventId) this.inbox.add(options.consumedEventId);
    payment.committed();
    return 'saved';
  }
}

/** Dates are never mutated; the items are the only nested mutable part. */
function copy(state: PaymentState): PaymentState {
  return { ...state, items: state.items?.map((line) => ({ ...line })) };
}
