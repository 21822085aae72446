import { DomainEvent, PaymentApprovedV1, createEvent } from '@fooddelivery/contracts';
import { ApprovalPolicy } from './approval-policy';
import { InvalidPaymentError, PaymentTransitionError } from './payment.errors';

/**
 * - PENDING: the orderId is claimed, the provider is being asked (the charge may or may not happen).
 * - APPROVED: charged; PaymentApproved was recorded.
 * - DECLINED: refused (approval limit or provider); nothing was charged, never retried.
 * - FAILED: the provider could not be reached; nothing was charged; a repeat request tries again.
 * - CANCELLED: was APPROVED, the charge was refunded; PaymentCancelled was recorded.
 * - VOIDED: cancelled before any charge completed, or a tombstone for an order pay never saw.
 *   A VOIDED orderId can never be charged; a charge that completes after the void is refunded.
 */
export type PaymentStatus = 'PENDING' | 'APPROVED' | 'DECLINED' | 'FAILED' | 'CANCELLED' | 'VOIDED';

const PRODUCER = 'pay';
const MAX_REASON = 500;

export interface OrderLine {
  menuId: string;
  name: string;
  quantity: number;
  unitPrice: number;
}

/** What the ordering context asks pay to charge. Amounts are in won. */
export interface PaymentRequest {
  orderId: string;
  customerId: string;
  storeId: string;
  items: readonly OrderLine[];
  amount: number;
}

/** Everything a payment is; what the repository stores and the API shows. */
export interface PaymentState {
  paymentId: string;
  orderId: string;
  status: PaymentStatus;
  /** Unset on a tombstone (a void recorded for an order pay never saw). */
  customerId?: string;
  storeId?: string;
  items?: OrderLine[];
  amount?: number;
  /** The provider's reference of the charge, once there is one. */
  transactionId?: string;
  /** Why it was declined, failed, cancelled or voided. */
  reason?: string;
  /** How many times the provider was (or is being) asked to charge. */
  attempts: number;
  /** Optimistic concurrency: incremented by every stored change. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  approvedAt?: Date;
  declinedAt?: Date;
  cancelledAt?: Date;
  voidedAt?: Date;
  refundedAt?: Date;
}

/** What cancelling this payment takes, given its status. */
export type Cancellation =
  /** APPROVED: refund the charge at the provider, then `cancel()`. */
  | 'refund'
  /** PENDING or FAILED: `void()` it; a charge still in flight is refunded when it completes. */
  | 'void'
  /** VOIDED after a late charge whose refund has not gone through yet: refund it, then `refundSettled()`. */
  | 'settle-refund'
  /** CANCELLED, DECLINED, or VOIDED with nothing owed: nothing to do. */
  | 'nothing';

/**
 * The Payment aggregate: one per order (the orderId is its natural key), guarding its transitions
 * and recording the events other contexts learn from.
 */
export class Payment {
  private readonly recorded: DomainEvent[] = [];

  private constructor(private state: PaymentState) {}

  /**
   * A new payment request: PENDING, ready to be charged; or DECLINED at once when the approval
   * policy refuses the amount (nothing is charged then).
   */
  static request(request: PaymentRequest, paymentId: string, policy: ApprovalPolicy, now: Date): Payment {
    guardRequest(request, paymentId);
    const payment = new Payment({
      paymentId,
      orderId: request.orderId,
      status: 'PENDING',
      customerId: request.customerId,
      storeId: request.storeId,
      items: request.items.map((line) => ({ ...line })),
      amount: request.amount,
      attempts: 1,
      version: 0,
      createdAt: now,
      updatedAt: now,
    });
    const refusal = policy.refusal(request.amount);
    if (refusal) payment.decline(refusal, now);
    return payment;
  }

  /**
   * A tombstone: the order was cancelled (or its outcome was unknown to the ordering context) before
   * pay ever saw a payment for it. Claims the orderId so a late request can never charge it.
   */
  static voidUnknown(orderId: string, paymentId: string, reason: string, now: Date): Payment {
    if (orderId.trim().length === 0) throw new InvalidPaymentError('orderId must not be empty');
    return new Payment({
      paymentId,
      orderId,
      status: 'VOIDED',
      reason: clampReason(reason),
      attempts: 0,
      version: 0,
      createdAt: now,
      updatedAt: now,
      voidedAt: now,
    });
  }

  static restore(state: PaymentState): Payment {
    return new Payment({ ...state, items: state.items?.map((line) => ({ ...line })) });
  }

  get paymentId(): string {
    return this.state.paymentId;
  }

  get orderId(): string {
    return this.state.orderId;
  }

  get status(): PaymentStatus {
    return this.state.status;
  }

  get transactionId(): string | undefined {
    return this.state.transactionId;
  }

  get amount(): number {
    return this.state.amount ?? 0;
  }

  get reason(): string | undefined {
    return this.state.reason;
  }

  get version(): number {
    return this.state.version;
  }

  /** A copy of the current state. */
  snapshot(): PaymentState {
    return { ...this.state, items: this.state.items?.map((line) => ({ ...line })) };
  }

  /** The events recorded since the payment was loaded or last stored. */
  get events(): readonly DomainEvent[] {
    return this.recorded;
  }

  /** Called by the repository once the changes (and their events) are committed. */
  committed(): void {
    this.state = { ...this.state, version: this.state.version + 1 };
    this.recorded.length = 0;
  }

  /** CANCELLED or VOIDED: this orderId can never be charged again. */
  get isCancelled(): boolean {
    return this.state.status === 'CANCELLED' || this.state.status === 'VOIDED';
  }

  /** A charge completed after the payment was voided, and its refund has not gone through yet. */
  get owesRefund(): boolean {
    return this.state.status === 'VOIDED' && this.state.transactionId !== undefined && this.state.refundedAt === undefined;
  }

  /** PENDING for longer than `staleAfterMs`: the process charging it most likely died. */
  isStale(now: Date, staleAfterMs: number): boolean {
    return this.state.status === 'PENDING' && now.getTime() - this.state.updatedAt.getTime() > staleAfterMs;
  }

  /**
   * What differs between this payment and a repeated request for the same order ('customer',
   * 'store', 'amount'), or undefined when the request is the same one again.
   */
  differenceFrom(request: PaymentRequest): string | undefined {
    if (this.state.customerId !== request.customerId) return 'customer';
    if (this.state.storeId !== request.storeId) return 'store';
    if (this.state.amount !== request.amount) return 'amount';
    return undefined;
  }

  /** FAILED (the provider was unreachable), or a stale PENDING: ask the provider again. */
  retry(now: Date): void {
    this.expect('retry', 'FAILED', 'PENDING');
    this.state = { ...this.state, status: 'PENDING', reason: undefined, attempts: this.state.attempts + 1, updatedAt: now };
  }

  /** The provider charged it: APPROVED, and PaymentApproved is recorded. */
  approve(transactionId: string, now: Date): void {
    this.expect('approve', 'PENDING');
    if (transactionId.trim().length === 0) throw new InvalidPaymentError('transactionId must not be empty', this.orderId);
    const { paymentId, orderId, customerId, storeId, items, amount } = this.state;
    if (customerId === undefined || storeId === undefined || items === undefined || amount === undefined) {
      // only a tombstone lacks them, and a tombstone is VOIDED, never PENDING
      throw new PaymentTransitionError(orderId, 'approve', 'a payment without a request');
    }
    this.state = { ...this.state, status: 'APPROVED', transactionId, approvedAt: now, updatedAt: now };
    this.recorded.push(
      createEvent('PaymentApproved', {
        orderId,
        producer: PRODUCER,
        occurredAt: now,
        payload: { paymentId, customerId, storeId, items: items.map((line) => ({ ...line })), amount },
      }),
    );
  }

  /** Refused by the approval policy or the provider; nothing was charged. */
  decline(reason: string, now: Date): void {
    this.expect('decline', 'PENDING');
    this.state = { ...this.state, status: 'DECLINED', reason: clampReason(reason), declinedAt: now, updatedAt: now };
  }

  /** The provider could not be reached; nothing was charged, a repeat request may try again. */
  fail(reason: string, now: Date): void {
    this.expect('fail', 'PENDING');
    this.state = { ...this.state, status: 'FAILED', reason: clampReason(reason), updatedAt: now };
  }

  /** What cancelling takes in the current status (see Cancellation). */
  cancellation(): Cancellation {
    switch (this.state.status) {
      case 'APPROVED':
        return 'refund';
      case 'PENDING':
      case 'FAILED':
        return 'void';
      case 'VOIDED':
        return this.owesRefund ? 'settle-refund' : 'nothing';
      default:
        return 'nothing';
    }
  }

  /** Cancelled before any charge completed: VOIDED. A charge still in flight will be refunded. */
  void(reason: string, now: Date): void {
    this.expect('void', 'PENDING', 'FAILED');
    this.state = { ...this.state, status: 'VOIDED', reason: clampReason(reason), voidedAt: now, updatedAt: now };
  }

  /**
   * The approved charge was refunded at the provider: CANCELLED, and PaymentCancelled is recorded.
   * `causationId` is the event that asked for it (OrderCancelled, OrderRejected), if any.
   */
  cancel(reason: string, now: Date, causationId?: string): void {
    this.expect('cancel', 'APPROVED');
    const clamped = clampReason(reason);
    this.state = { ...this.state, status: 'CANCELLED', reason: clamped, cancelledAt: now, refundedAt: now, updatedAt: now };
    const { paymentId, orderId, customerId, storeId, amount } = this.state;
    this.recorded.push(
      createEvent('PaymentCancelled', {
        orderId,
        producer: PRODUCER,
        occurredAt: now,
        ...(causationId ? { causationId } : {}),
        payload: { paymentId, customerId, storeId, amount: amount ?? 0, reason: clamped },
      }),
    );
  }

  /** A charge completed after this payment was voided: it is owed back (see owesRefund). */
  chargedAfterVoid(transactionId: string, now: Date): void {
    this.expect('record a late charge on', 'VOIDED');
    if (this.state.transactionId !== undefined) {
      throw new PaymentTransitionError(this.orderId, 'record a second late charge on', 'VOIDED with a charge already');
    }
    this.state = { ...this.state, transactionId, updatedAt: now };
  }

  /** The late charge of a voided payment was refunded at the provider. */
  refundSettled(now: Date): void {
    if (!this.owesRefund) throw new PaymentTransitionError(this.orderId, 'settle a refund of', this.describeStatus());
    this.state = { ...this.state, refundedAt: now, updatedAt: now };
  }

  private expect(action: string, ...allowed: PaymentStatus[]): void {
    if (!allowed.includes(this.state.status)) throw new PaymentTransitionError(this.orderId, action, this.state.status);
  }

  private describeStatus(): string {
    return this.owesRefund ? 'VOIDED with a refund owed' : this.state.status;
  }
}

/**
 * The aggregate's invariants, and everything PaymentApproved will need: checked before anything is
 * charged, so an approval can always be recorded.
 */
function guardRequest(request: PaymentRequest, paymentId: string): void {
  const { orderId } = request;
  for (const field of ['orderId', 'customerId', 'storeId'] as const) {
    if (request[field].trim().length === 0) throw new InvalidPaymentError(`${field} must not be empty`, orderId);
  }
  if (!Number.isSafeInteger(request.amount) || request.amount < 0) {
    throw new InvalidPaymentError(`amount must be a non-negative whole number of won (got ${request.amount})`, orderId);
  }
  if (request.items.length === 0) throw new InvalidPaymentError('a payment needs at least one item', orderId);
  for (const line of request.items) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      throw new InvalidPaymentError(`quantity of ${line.menuId} must be a positive whole number`, orderId);
    }
    if (!Number.isSafeInteger(line.unitPrice) || line.unitPrice < 0) {
      throw new InvalidPaymentError(`unitPrice of ${line.menuId} must be a non-negative whole number of won`, orderId);
    }
  }
  const { customerId, storeId, items, amount } = request;
  const approvable = PaymentApprovedV1.safeParse({ paymentId, customerId, storeId, items, amount });
  if (!approvable.success) {
    const issue = approvable.error.issues[0];
    throw new InvalidPaymentError(`${issue?.path.join('.') || 'payment'}: ${issue?.message ?? 'invalid'}`, orderId);
  }
}

function clampReason(reason: string): string {
  const trimmed = reason.trim();
  return (trimmed.length > 0 ? trimmed : 'no reason given').slice(0, MAX_REASON);
}
