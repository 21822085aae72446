import { DomainEvent, OrderLine, createEvent } from '@fooddelivery/contracts';
import { InvalidStoreOrder, InvalidStoreOrderTransition } from './store-order.errors';

/**
 * RECEIVED → ACCEPTED → COOKING → COOKED → DELIVERING → DELIVERED; RECEIVED → REJECTED;
 * CANCELLED from every status but REJECTED (the cancellation policy, see `cancel`).
 */
export const STORE_ORDER_STATUSES = [
  'RECEIVED',
  'ACCEPTED',
  'REJECTED',
  'COOKING',
  'COOKED',
  'DELIVERING',
  'DELIVERED',
  'CANCELLED',
] as const;
export type StoreOrderStatus = (typeof STORE_ORDER_STATUSES)[number];

/** What the store's owner does to an order (also the last segment of its HTTP route). */
export const STORE_ORDER_STEPS = [
  'accept',
  'reject',
  'start-cooking',
  'finish-cooking',
  'start-delivery',
  'complete-delivery',
] as const;
export type StoreOrderStep = (typeof STORE_ORDER_STEPS)[number];

/** The state machine: each step, the status it starts from and the one it leads to. */
const STEPS: Record<StoreOrderStep, { from: StoreOrderStatus; to: StoreOrderStatus }> = {
  accept: { from: 'RECEIVED', to: 'ACCEPTED' },
  reject: { from: 'RECEIVED', to: 'REJECTED' },
  'start-cooking': { from: 'ACCEPTED', to: 'COOKING' },
  'finish-cooking': { from: 'COOKING', to: 'COOKED' },
  'start-delivery': { from: 'COOKED', to: 'DELIVERING' },
  'complete-delivery': { from: 'DELIVERING', to: 'DELIVERED' },
};

/** The owner's steps allowed from a status, in the order the routes are listed. */
export function allowedSteps(status: StoreOrderStatus): StoreOrderStep[] {
  return STORE_ORDER_STEPS.filter((step) => STEPS[step].from === status);
}

/**
 * Statuses a cancellation changes: DELIVERING too (a recall), and DELIVERED (the payment was refunded,
 * and money decides: a refunded order ends CANCELLED everywhere, delivered or not).
 */
const CANCELLABLE: readonly StoreOrderStatus[] = [
  'RECEIVED',
  'ACCEPTED',
  'COOKING',
  'COOKED',
  'DELIVERING',
  'DELIVERED',
];

/** Every change of an order, for metrics and logs. */
export type StoreOrderTransition =
  | 'received'
  | 'accepted'
  | 'rejected'
  | 'cooking_started'
  | 'cooking_finished'
  | 'delivery_started'
  | 'delivery_completed'
  | 'cancelled'
  | 'recalled'
  | 'cancelled_after_delivery'
  | 'cancelled_before_received';

export const STORE_ORDER_TRANSITIONS: readonly StoreOrderTransition[] = [
  'received',
  'accepted',
  'rejected',
  'cooking_started',
  'cooking_finished',
  'delivery_started',
  'delivery_completed',
  'cancelled',
  'recalled',
  'cancelled_after_delivery',
  'cancelled_before_received',
];

const STEP_TRANSITION: Record<StoreOrderStep, StoreOrderTransition> = {
  accept: 'accepted',
  reject: 'rejected',
  'start-cooking': 'cooking_started',
  'finish-cooking': 'cooking_finished',
  'start-delivery': 'delivery_started',
  'complete-delivery': 'delivery_completed',
};

export function transitionOf(step: StoreOrderStep): StoreOrderTransition {
  return STEP_TRANSITION[step];
}

export interface TimelineEntry {
  status: StoreOrderStatus;
  at: Date;
}

export interface StoreOrderState {
  orderId: string;
  /** Unset only on a tombstone whose cancellation did not name them. */
  storeId?: string;
  customerId?: string;
  paymentId?: string;
  items: OrderLine[];
  /** Won: what the customer paid. */
  amount: number;
  status: StoreOrderStatus;
  /** Every status the order has had, oldest first. */
  timeline: TimelineEntry[];
  rider?: string;
  rejectionReason?: string;
  cancellationReason?: string;
  /**
   * A cancellation that arrived before the order itself (its PaymentApproved): CANCELLED from the
   * start, never shown to the store, and it makes the late PaymentApproved change nothing.
   */
  tombstone: boolean;
  /** Optimistic concurrency: every stored change expects the version it loaded and increments it. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a paid order brings to the store (from PaymentApproved). */
export interface ReceivedOrder {
  orderId: string;
  storeId: string;
  customerId: string;
  paymentId: string;
  items: readonly OrderLine[];
  amount: number;
}

/** Extra input of a step: the reason of a rejection, the rider of a delivery. */
export interface StepDetails {
  reason?: string;
  rider?: string;
}

/**
 * What the cancellation policy did:
 * - cancelled: RECEIVED…COOKED → CANCELLED, DeliveryCancelled recorded;
 * - recalled: DELIVERING → CANCELLED, DeliveryCancelled "recalled: …" recorded (the rider turns back);
 * - cancelled_after_delivery: DELIVERED → CANCELLED, DeliveryCancelled "after delivery: …" recorded
 *   (the customer was refunded; the delivery itself stays in the timeline);
 * - unchanged: REJECTED or CANCELLED already; nothing recorded.
 */
export type CancellationOutcome =
  | { kind: 'cancelled'; from: StoreOrderStatus }
  | { kind: 'recalled' }
  | { kind: 'cancelled_after_delivery' }
  | { kind: 'unchanged'; status: StoreOrderStatus };

/** What the reason of a DeliveryCancelled starts with, by the status the cancellation found. */
const CANCELLATION_PREFIX: Partial<Record<StoreOrderStatus, string>> = {
  DELIVERING: 'recalled: ',
  DELIVERED: 'after delivery: ',
};

const PRODUCER = 'store';
const MAX_REASON = 500;
const MAX_RIDER = 100;

/**
 * The StoreOrder aggregate: a paid order as its store handles it. Guards the state machine, applies
 * the cancellation policy and records the event of every change (the repository stores them in the
 * outbox with the state).
 */
export class StoreOrder {
  private recorded: DomainEvent[] = [];

  private constructor(private state: StoreOrderState) {}

  /** A paid order arrives at its store (PaymentApproved): RECEIVED, waiting for the owner. */
  static receive(order: ReceivedOrder, now: Date): StoreOrder {
    for (const field of ['orderId', 'storeId', 'customerId', 'paymentId'] as const) {
      if (order[field].trim().length === 0) throw new InvalidStoreOrder(`${field} must not be empty`, order.orderId);
    }
    if (order.items.length === 0) throw new InvalidStoreOrder('an order needs at least one item', order.orderId);
    if (!Number.isSafeInteger(order.amount) || order.amount < 0) {
      throw new InvalidStoreOrder('amount must be a non-negative whole number of won', order.orderId);
    }
    return new StoreOrder({
      orderId: order.orderId,
      storeId: order.storeId,
      customerId: order.customerId,
      paymentId: order.paymentId,
      items: order.items.map((line) => ({ ...line })),
      amount: order.amount,
      status: 'RECEIVED',
      timeline: [{ status: 'RECEIVED', at: now }],
      tombstone: false,
      version: 0,
      createdAt: now,
      updatedAt: now,
    });
  }

  /**
   * The order was cancelled before the store received it (the cancellation overtook PaymentApproved,
   * which comes from another producer). Claims the orderId so the late PaymentApproved is ignored.
   */
  static tombstone(
    input: { orderId: string; reason: string; storeId?: string; customerId?: string },
    now: Date,
  ): StoreOrder {
    if (input.orderId.trim().length === 0) throw new InvalidStoreOrder('orderId must not be empty');
    return new StoreOrder({
      orderId: input.orderId,
      ...(input.storeId ? { storeId: input.storeId } : {}),
      ...(input.customerId ? { customerId: input.customerId } : {}),
      items: [],
      amount: 0,
      status: 'CANCELLED',
      timeline: [{ status: 'CANCELLED', at: now }],
      cancellationReason: clamp(requireText(input.reason, 'reason', input.orderId), MAX_REASON),
      tombstone: true,
      version: 0,
      createdAt: now,
      updatedAt: now,
    });
  }

  static restore(state: StoreOrderState): StoreOrder {
    return new StoreOrder(copy(state));
  }

  get orderId(): string {
    return this.state.orderId;
  }

  get storeId(): string | undefined {
    return this.state.storeId;
  }

  get status(): StoreOrderStatus {
    return this.state.status;
  }

  get version(): number {
    return this.state.version;
  }

  get isTombstone(): boolean {
    return this.state.tombstone;
  }

  /** The owner's steps allowed now. */
  get allowedSteps(): StoreOrderStep[] {
    return allowedSteps(this.state.status);
  }

  /** Events recorded since the last save. */
  get events(): readonly DomainEvent[] {
    return this.recorded;
  }

  snapshot(): Readonly<StoreOrderState> {
    return copy(this.state);
  }

  /** The repository stored this state (as `version`) and its events. */
  committed(version: number): void {
    this.state = { ...this.state, version };
    this.recorded = [];
  }

  accept(now = new Date()): void {
    this.perform('accept', {}, now);
  }

  reject(reason: string, now = new Date()): void {
    this.perform('reject', { reason }, now);
  }

  startCooking(now = new Date()): void {
    this.perform('start-cooking', {}, now);
  }

  finishCooking(now = new Date()): void {
    this.perform('finish-cooking', {}, now);
  }

  startDelivery(rider?: string, now = new Date()): void {
    this.perform('start-delivery', rider === undefined ? {} : { rider }, now);
  }

  completeDelivery(now = new Date()): void {
    this.perform('complete-delivery', {}, now);
  }

  /**
   * One step of the owner. Throws InvalidStoreOrderTransition (naming the current status and the
   * allowed steps) when the status does not allow it, InvalidStoreOrder for a missing reason.
   */
  perform(step: StoreOrderStep, details: StepDetails = {}, now = new Date()): void {
    const { from, to } = STEPS[step];
    if (this.state.status !== from || this.state.tombstone) {
      throw new InvalidStoreOrderTransition(this.state.orderId, this.state.status, step, this.allowedSteps);
    }
    const { storeId, customerId } = this.parties();
    const orderId = this.state.orderId;
    switch (step) {
      case 'accept':
        this.moveTo(to, now);
        this.record(
          createEvent('OrderAccepted', {
            orderId,
            producer: PRODUCER,
            occurredAt: now,
            payload: { storeId, customerId },
          }),
        );
        return;
      case 'reject': {
        const reason = clamp(requireText(details.reason, 'reason', orderId), MAX_REASON);
        this.moveTo(to, now, { rejectionReason: reason });
        this.record(
          createEvent('OrderRejected', {
            orderId,
            producer: PRODUCER,
            occurredAt: now,
            payload: { storeId, customerId, reason },
          }),
        );
        return;
      }
      case 'start-cooking':
        this.moveTo(to, now);
        this.record(
          createEvent('CookingStarted', {
            orderId,
            producer: PRODUCER,
            occurredAt: now,
            payload: { storeId, customerId },
          }),
        );
        return;
      case 'finish-cooking':
        this.moveTo(to, now);
        this.record(
          createEvent('CookingFinished', {
            orderId,
            producer: PRODUCER,
            occurredAt: now,
            payload: { storeId, customerId },
          }),
        );
        return;
      case 'start-delivery': {
        const rider = details.rider === undefined ? undefined : requireText(details.rider, 'rider', orderId);
        if (rider !== undefined && rider.length > MAX_RIDER)
          throw new InvalidStoreOrder(`rider must be at most ${MAX_RIDER} characters`, orderId);
        this.moveTo(to, now, rider === undefined ? {} : { rider });
        const payload = rider === undefined ? { storeId, customerId } : { storeId, customerId, rider };
        this.record(createEvent('DeliveryStarted', { orderId, producer: PRODUCER, occurredAt: now, payload }));
        return;
      }
      case 'complete-delivery': {
        this.moveTo(to, now);
        const { rider } = this.state;
        const payload = rider === undefined ? { storeId, customerId } : { storeId, customerId, rider };
        this.record(createEvent('DeliveryCompleted', { orderId, producer: PRODUCER, occurredAt: now, payload }));
        return;
      }
    }
  }

  /**
   * The cancellation policy (OrderCancelled from app, PaymentCancelled from pay):
   * - RECEIVED, ACCEPTED, COOKING, COOKED → CANCELLED with DeliveryCancelled(reason);
   * - DELIVERING → CANCELLED with DeliveryCancelled("recalled: reason"): app accepted the cancel
   *   before it learned that delivery had started, and the customer is already refunded, so the
   *   rider is recalled (the resolution of the cancel / start-delivery race);
   * - DELIVERED → CANCELLED with DeliveryCancelled("after delivery: reason"): app accepted the cancel
   *   before it learned of the delivery, or pay refunded the payment afterwards; either way the
   *   customer has their money back, and money decides, so the order ends CANCELLED in every service.
   *   The DELIVERED entry stays in the timeline (the delivery did happen);
   * - REJECTED, CANCELLED → unchanged (a refund after a rejection is pay's own business).
   * Expected outcomes are returned, never thrown. `causationId`: the cancelling event.
   */
  cancel(reason: string, now = new Date(), causationId?: string): CancellationOutcome {
    const from = this.state.status;
    if (!CANCELLABLE.includes(from) || this.state.tombstone) return { kind: 'unchanged', status: from };
    const given = requireText(reason, 'reason', this.state.orderId);
    const prefix = CANCELLATION_PREFIX[from];
    const why = clamp(prefix ? `${prefix}${given}` : given, MAX_REASON);
    const { storeId, customerId } = this.parties();
    this.moveTo('CANCELLED', now, { cancellationReason: why });
    this.record(
      createEvent('DeliveryCancelled', {
        orderId: this.state.orderId,
        producer: PRODUCER,
        occurredAt: now,
        ...(causationId ? { causationId } : {}),
        payload: { storeId, customerId, reason: why },
      }),
    );
    if (from === 'DELIVERING') return { kind: 'recalled' };
    if (from === 'DELIVERED') return { kind: 'cancelled_after_delivery' };
    return { kind: 'cancelled', from };
  }

  private moveTo(status: StoreOrderStatus, now: Date, changes: Partial<StoreOrderState> = {}): void {
    this.state = {
      ...this.state,
      ...changes,
      status,
      timeline: [...this.state.timeline, { status, at: now }],
      updatedAt: now,
    };
  }

  private record(event: DomainEvent): void {
    this.recorded.push(event);
  }

  /** Who every event names; a live order always has both (only tombstones may lack them). */
  private parties(): { storeId: string; customerId: string } {
    const { storeId, customerId, orderId } = this.state;
    if (!storeId || !customerId)
      throw new InvalidStoreOrder(`store order ${orderId} has no store or customer`, orderId);
    return { storeId, customerId };
  }
}

function requireText(value: string | undefined, field: string, orderId: string | undefined): string {
  const text = value?.trim() ?? '';
  if (text.length === 0) throw new InvalidStoreOrder(`${field} is required`, orderId);
  return text;
}

function clamp(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function copy(state: StoreOrderState): StoreOrderState {
  return {
    ...state,
    items: state.items.map((line) => ({ ...line })),
    timeline: state.timeline.map((entry) => ({ ...entry })),
  };
}
