import type { DomainEvent, EventType, OrderLine } from '@fooddelivery/contracts';

/** The statuses a customer follows (DESIGN.md "Order status"); PAYMENT_FAILED orders never reach the topic. */
export const ORDER_STATUSES = [
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

export const PAYMENT_STATES = ['APPROVED', 'REFUNDED'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/** What a timeline entry marks: a status, the payment, the refund, or a coupon earned with the order. */
export type Milestone = OrderStatus | 'PAID' | 'REFUNDED' | 'COUPON_ISSUED';

export interface TimelineEntry {
  status: Milestone;
  /** When it happened (the event's occurredAt, ISO). */
  at: string;
  eventType: EventType;
  eventId: string;
}

export interface IssuedCoupon {
  couponId: string;
  discount: number;
  reason: string;
}

/**
 * OrderStatusView: what the customer center knows about one order, built from events only.
 * Identity fields are optional because the first event to arrive may not carry them all
 * (a refund without its order, for instance); later events fill them in.
 */
export interface OrderStatusView {
  orderId: string;
  customerId?: string;
  storeId?: string;
  items: OrderLine[];
  totalAmount?: number;
  /** undefined only while nothing but payment or coupon events has arrived. */
  status?: OrderStatus;
  /** occurredAt of the event that set `status`. */
  statusAt?: string;
  /** Why it was cancelled or rejected. */
  statusReason?: string;
  rider?: string;
  paymentState?: PaymentState;
  paymentId?: string;
  refundedAmount?: number;
  /** Every event applied, in occurredAt order (ties keep arrival order). */
  timeline: TimelineEntry[];
  coupons: IssuedCoupon[];
  /** Earliest and latest occurredAt seen. */
  createdAt: string;
  updatedAt: string;
  /** How many events have been applied: grows by one with each, so readers can tell views apart. */
  revision: number;
}

/** What each event marks in the timeline: every event type of the platform has one (compile-time check). */
const MILESTONE_OF: Record<EventType, Milestone> = {
  OrderPlaced: 'PLACED',
  PaymentApproved: 'PAID',
  OrderAccepted: 'ACCEPTED',
  CookingStarted: 'COOKING',
  CookingFinished: 'COOKED',
  DeliveryStarted: 'DELIVERING',
  DeliveryCompleted: 'DELIVERED',
  OrderCancelled: 'CANCELLED',
  DeliveryCancelled: 'CANCELLED',
  OrderRejected: 'REJECTED',
  PaymentCancelled: 'REFUNDED',
  CouponIssued: 'COUPON_ISSUED',
};

/** The events the view is built from: all of them. */
export const VIEW_EVENT_TYPES = Object.keys(MILESTONE_OF) as EventType[];

/** The status an event announces, if any (a payment means placed; refunds and coupons announce none). */
function statusOf(eventType: EventType): OrderStatus | undefined {
  const milestone = MILESTONE_OF[eventType];
  if (milestone === 'PAID') return 'PLACED';
  return milestone === 'REFUNDED' || milestone === 'COUPON_ISSUED' ? undefined : milestone;
}

/**
 * Precedence: progress moves forward only; CANCELLED and REJECTED end the order and beat all of it,
 * DELIVERED included. Money decides: an order whose payment was refunded ends CANCELLED in every
 * service, so a cancellation (OrderCancelled, or the DeliveryCancelled store sends for a cancellation
 * or a refund after the delivery) wins over DeliveryCompleted whichever of the two arrives first.
 */
const RANK: Record<OrderStatus, number> = {
  PLACED: 1,
  ACCEPTED: 2,
  COOKING: 3,
  COOKED: 4,
  DELIVERING: 5,
  DELIVERED: 6,
  CANCELLED: 7,
  REJECTED: 7,
};

export const TERMINAL_STATUSES: readonly OrderStatus[] = ['DELIVERED', 'CANCELLED', 'REJECTED'];

export function isTerminal(status: OrderStatus | undefined): boolean {
  return status !== undefined && TERMINAL_STATUSES.includes(status);
}

export function milestoneOf(eventType: EventType): Milestone {
  return MILESTONE_OF[eventType];
}

/**
 * Whether `next` (occurred at `nextAt`) replaces `current`. Higher precedence wins. Between statuses
 * of equal rank — the two ends CANCELLED and REJECTED, or one status announced twice (PaymentApproved
 * and OrderPlaced; OrderCancelled and the DeliveryCancelled it causes) — the one that happened first
 * stays, with its time and reason, so the outcome does not depend on the order the events arrive in.
 */
export function supersedes(
  current: OrderStatus | undefined,
  currentAt: string | undefined,
  next: OrderStatus,
  nextAt: string,
): boolean {
  if (current === undefined) return true;
  if (RANK[next] !== RANK[current]) return RANK[next] > RANK[current];
  return currentAt !== undefined && Date.parse(nextAt) < Date.parse(currentAt);
}

/** Whether the view already contains this event. */
export function hasApplied(view: OrderStatusView | undefined, eventId: string): boolean {
  return view?.timeline.some((entry) => entry.eventId === eventId) ?? false;
}

/**
 * Applies one event to an order's view (or creates the view from it). Pure and idempotent: an event
 * already in the timeline returns the same view object; a late event lands in the timeline at its
 * place but changes the status only if it has precedence; an early event creates the view with what
 * it carries and later events fill in the rest.
 */
export function applyEvent(view: OrderStatusView | undefined, event: DomainEvent): OrderStatusView {
  if (view && hasApplied(view, event.eventId)) return view;
  const at = new Date(event.occurredAt).toISOString();
  const base: OrderStatusView = view ?? {
    orderId: event.orderId,
    items: [],
    timeline: [],
    coupons: [],
    createdAt: at,
    updatedAt: at,
    revision: 0,
  };
  if (base.orderId !== event.orderId)
    throw new Error(`event ${event.eventId} is about order ${event.orderId}, not ${base.orderId}`);

  const next: OrderStatusView = {
    ...base,
    items: [...base.items],
    coupons: [...base.coupons],
    timeline: insertInOrder(base.timeline, {
      status: milestoneOf(event.eventType),
      at,
      eventType: event.eventType,
      eventId: event.eventId,
    }),
    createdAt: earlier(base.createdAt, at),
    updatedAt: later(base.updatedAt, at),
    revision: base.revision + 1,
  };
  fillIdentity(next, event);
  applyFacts(next, event);

  const status = statusOf(event.eventType);
  if (status && supersedes(base.status, base.statusAt, status, at)) {
    next.status = status;
    next.statusAt = at;
    const reason = reasonOf(event);
    if (reason !== undefined) next.statusReason = reason;
    else delete next.statusReason;
  }
  return next;
}

/** Applies events in the given (arrival) order. */
export function replay(events: readonly DomainEvent[], view?: OrderStatusView): OrderStatusView | undefined {
  return events.reduce<OrderStatusView | undefined>((current, event) => applyEvent(current, event), view);
}

function fillIdentity(view: OrderStatusView, event: DomainEvent): void {
  const payload = event.payload as { customerId?: string; storeId?: string };
  if (view.customerId === undefined && payload.customerId !== undefined) view.customerId = payload.customerId;
  if (view.storeId === undefined && payload.storeId !== undefined) view.storeId = payload.storeId;
}

/** What each event adds besides its status. */
function applyFacts(view: OrderStatusView, event: DomainEvent): void {
  switch (event.eventType) {
    case 'OrderPlaced':
      // the order itself: its lines and total are authoritative
      view.items = event.payload.items.map(copyLine);
      view.totalAmount = event.payload.totalAmount;
      view.paymentState ??= 'APPROVED';
      break;
    case 'PaymentApproved':
      view.paymentId ??= event.payload.paymentId;
      if (view.items.length === 0) view.items = event.payload.items.map(copyLine);
      view.totalAmount ??= event.payload.amount;
      view.paymentState ??= 'APPROVED';
      break;
    case 'PaymentCancelled':
      view.paymentId ??= event.payload.paymentId;
      view.paymentState = 'REFUNDED';
      view.refundedAmount ??= event.payload.amount;
      break;
    case 'DeliveryStarted':
    case 'DeliveryCompleted':
      if (event.payload.rider !== undefined) view.rider ??= event.payload.rider;
      break;
    case 'CouponIssued': {
      const { couponId, discount, reason } = event.payload;
      if (!view.coupons.some((coupon) => coupon.couponId === couponId))
        view.coupons.push({ couponId, discount, reason });
      break;
    }
    default:
      break;
  }
}

function reasonOf(event: DomainEvent): string | undefined {
  switch (event.eventType) {
    case 'OrderCancelled':
    case 'OrderRejected':
    case 'DeliveryCancelled':
      return event.payload.reason;
    default:
      return undefined;
  }
}

function copyLine({ menuId, name, quantity, unitPrice }: OrderLine): OrderLine {
  return { menuId, name, quantity, unitPrice };
}

/** Inserts after every entry that happened at the same time or before (stable for equal times). */
function insertInOrder(timeline: readonly TimelineEntry[], entry: TimelineEntry): TimelineEntry[] {
  const at = Date.parse(entry.at);
  let index = timeline.length;
  while (index > 0 && Date.parse(timeline[index - 1].at) > at) index--;
  return [...timeline.slice(0, index), entry, ...timeline.slice(index)];
}

function earlier(a: string, b: string): string {
  return Date.parse(b) < Date.parse(a) ? b : a;
}

function later(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}
