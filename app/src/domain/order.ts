import { DomainEvent, OrderLine, createEvent } from '@fooddelivery/contracts';
import { OrderNotCancellable } from './order.errors';
import { totalOf } from './catalog';

/**
 * PAYMENT_PENDING is app's own, short-lived state while pay is being called; every other status is
 * the platform's (DESIGN.md "Order status").
 */
export const ORDER_STATUSES = [
  'PAYMENT_PENDING',
  'PAYMENT_FAILED',
  'PLACED',
  'ACCEPTED',
  'COOKING',
  'COOKED',
  'DELIVERING',
  'DELIVERED',
  'CANCELLED',
  'REJECTED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A customer may cancel until delivery starts. */
const CANCELLABLE: readonly OrderStatus[] = ['PLACED', 'ACCEPTED', 'COOKING', 'COOKED'];

/** The store's progress, in order; a status only ever moves forward (late or repeated events change nothing). */
const PROGRESS: readonly OrderStatus[] = ['PLACED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED'];
export type StoreProgress = 'ACCEPTED' | 'COOKING' | 'COOKED' | 'DELIVERING' | 'DELIVERED';

/**
 * Whether a payment that may have gone through still has to be settled with pay:
 * PENDING — app gave up waiting (timeout, lost connection, crash) and must make pay void or refund it;
 * DONE — settled; NOT_NEEDED — the outcome was known.
 */
export type Reconciliation = 'NOT_NEEDED' | 'PENDING' | 'DONE';

export interface OrderState {
  orderId: string;
  customerId: string;
  storeId: string;
  lines: OrderLine[];
  totalAmount: number;
  status: OrderStatus;
  paymentId?: string;
  failureReason?: string;
  reconciliation: Reconciliation;
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency: every save expects the version it loaded. */
  version: number;
}

const PRODUCER = 'app';

/** The Order aggregate: guards its transitions and records the events they cause. */
export class Order {
  private readonly events: DomainEvent[] = [];

  private constructor(private state: OrderState) {}

  /** A new order waiting for its payment; nothing is placed until pay approves. */
  static create(input: { orderId: string; customerId: string; storeId: string; lines: OrderLine[]; now?: Date }): Order {
    const now = input.now ?? new Date();
    return new Order({
      orderId: input.orderId,
      customerId: input.customerId,
      storeId: input.storeId,
      lines: input.lines.map((line) => ({ ...line })),
      totalAmount: totalOf(input.lines),
      status: 'PAYMENT_PENDING',
      reconciliation: 'NOT_NEEDED',
      createdAt: now,
      updatedAt: now,
      version: 0,
    });
  }

  static restore(state: OrderState): Order {
    return new Order({ ...state, lines: state.lines.map((line) => ({ ...line })) });
  }

  get id(): string {
    return this.state.orderId;
  }

  get status(): OrderStatus {
    return this.state.status;
  }

  get version(): number {
    return this.state.version;
  }

  snapshot(): Readonly<OrderState> {
    return { ...this.state, lines: this.state.lines.map((line) => ({ ...line })) };
  }

  /** Whether this order is what `storeId` and `lines` ask for (an idempotent repeat of its request). */
  isSameRequest(storeId: string, lines: readonly OrderLine[]): boolean {
    const key = (list: readonly OrderLine[]) =>
      JSON.stringify([...list].map((line) => [line.menuId, line.quantity]).sort());
    return this.state.storeId === storeId && key(this.state.lines) === key(lines);
  }

  /** The repository saved this state: the next save expects the new version. */
  markSaved(): void {
    this.state = { ...this.state, version: this.state.version + 1 };
  }

  /** Events recorded since the last call; the repository stores them with the state (outbox). */
  pullEvents(): DomainEvent[] {
    return this.events.splice(0, this.events.length);
  }

  isAwaitingPayment(): boolean {
    return this.state.status === 'PAYMENT_PENDING';
  }

  /** pay approved: the order is established and the world is told. */
  place(paymentId: string, now = new Date()): void {
    this.expectAwaitingPayment('place');
    this.state = { ...this.state, status: 'PLACED', paymentId, updatedAt: now };
    this.events.push(
      createEvent('OrderPlaced', {
        orderId: this.state.orderId,
        producer: PRODUCER,
        occurredAt: now,
        payload: {
          customerId: this.state.customerId,
          storeId: this.state.storeId,
          items: this.state.lines,
          totalAmount: this.state.totalAmount,
        },
      }),
    );
  }

  /**
   * The payment did not go through. `uncertain` when pay may nevertheless have charged (timeout,
   * lost response, crash): the reconciler then makes pay void or refund it.
   */
  failPayment(reason: string, uncertain: boolean, now = new Date()): void {
    this.expectAwaitingPayment('fail the payment of');
    this.state = {
      ...this.state,
      status: 'PAYMENT_FAILED',
      failureReason: reason,
      reconciliation: uncertain ? 'PENDING' : 'NOT_NEEDED',
      updatedAt: now,
    };
  }

  /** pay confirmed the uncertain payment is voided or refunded: no charge remains for this order. */
  markReconciled(now = new Date()): void {
    if (this.state.reconciliation !== 'PENDING') return;
    this.state = { ...this.state, reconciliation: 'DONE', updatedAt: now };
  }

  canBeCancelled(): boolean {
    return CANCELLABLE.includes(this.state.status);
  }

  /** Allowed until delivery starts; pay refunds and store stands down when they see OrderCancelled. */
  cancel(reason: string, now = new Date()): void {
    if (!this.canBeCancelled()) throw new OrderNotCancellable(this.state.orderId, this.state.status);
    this.state = { ...this.state, status: 'CANCELLED', updatedAt: now };
    this.events.push(
      createEvent('OrderCancelled', {
        orderId: this.state.orderId,
        producer: PRODUCER,
        occurredAt: now,
        payload: { customerId: this.state.customerId, storeId: this.state.storeId, reason },
      }),
    );
  }

  /**
   * The store moved the order on (OrderAccepted … DeliveryCompleted). Applied only forward and only
   * to a live order: a cancelled or rejected order stays so. Returns whether anything changed.
   */
  advance(progress: StoreProgress, now = new Date()): boolean {
    const current = PROGRESS.indexOf(this.state.status);
    if (current < 0 || PROGRESS.indexOf(progress) <= current) return false;
    this.state = { ...this.state, status: progress, updatedAt: now };
    return true;
  }

  /** The store rejected the order (pay refunds it on OrderRejected). */
  markRejected(now = new Date()): boolean {
    if (!CANCELLABLE.includes(this.state.status)) return false;
    this.state = { ...this.state, status: 'REJECTED', updatedAt: now };
    return true;
  }

  /**
   * The order ended without app cancelling it: the store recalled the delivery or cancelled it after
   * delivery, or pay refunded the payment on its own (an admin refund). Applies to a DELIVERED order
   * too: its payment was refunded, and money decides, so it ends CANCELLED like everywhere else.
   * No OrderCancelled: the others already know.
   */
  markCancelledElsewhere(reason: string, now = new Date()): boolean {
    if (!PROGRESS.includes(this.state.status)) return false;
    this.state = { ...this.state, status: 'CANCELLED', failureReason: reason, updatedAt: now };
    return true;
  }

  private expectAwaitingPayment(action: string): void {
    if (!this.isAwaitingPayment()) {
      throw new Error(`cannot ${action} order ${this.state.orderId}: it is ${this.state.status}, not PAYMENT_PENDING`);
    }
  }
}
