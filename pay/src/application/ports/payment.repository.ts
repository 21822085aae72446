import type { Payment } from '../../domain/payment';

/**
 * - saved: committed (with the payment's events in the outbox, and the consumed event in the inbox).
 * - conflict: someone else got there first (the orderId is already claimed, or the payment changed
 *   since it was loaded); nothing was written. Reload and decide again.
 * - already-applied: the consumed event was applied before (a redelivery); nothing was written.
 */
export type SaveResult = 'saved' | 'conflict' | 'already-applied';

export interface SaveOptions {
  /** The event this change reacts to: recorded in the inbox in the same transaction. */
  consumedEventId?: string;
}

/** Where payments live: one per orderId, changed with optimistic concurrency, events through an outbox. */
export abstract class PaymentRepository {
  abstract findByOrderId(orderId: string): Promise<Payment | undefined>;

  /** Stores a new payment, claiming its orderId; 'conflict' when the orderId is already claimed. */
  abstract add(payment: Payment, options?: SaveOptions): Promise<SaveResult>;

  /**
   * Stores the payment's changes if it is still at the version it was loaded with ('conflict'
   * otherwise). Its recorded events are staged in the outbox in the same transaction.
   */
  abstract update(payment: Payment, options?: SaveOptions): Promise<SaveResult>;
}
