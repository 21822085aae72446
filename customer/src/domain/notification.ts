import type { DomainEvent, EventType } from '@fooddelivery/contracts';
import type { Milestone, OrderStatusView } from './order-status-view';
import { couponMessage, refundMessage, statusMessage } from './notification-message';

/**
 * PENDING: waiting for its next attempt (at `nextAttemptAt`); SENT: the notifier accepted it;
 * FAILED: every attempt failed — kept, never deleted, so nothing is lost silently.
 */
export const NOTIFICATION_STATES = ['PENDING', 'SENT', 'FAILED'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** A message to a customer about one of their orders. */
export interface Notification {
  /** The eventId of the event that caused it: one event, at most one notification, however often it is delivered. */
  notificationId: string;
  customerId: string;
  orderId: string;
  /** What it announces. */
  status: Milestone;
  eventType: EventType;
  message: string;
  state: NotificationState;
  attempts: number;
  lastError?: string;
  /** When what it announces happened (the event's occurredAt): lists are newest first by this. */
  occurredAt: Date;
  /** When the dispatcher may try it (next); unset once SENT or FAILED. */
  nextAttemptAt?: Date;
  createdAt: Date;
  sentAt?: Date;
}

export interface RetryPolicy {
  /** Attempts in all (the first included) before it is FAILED. */
  maxAttempts: number;
  /** Delay after the first failure; doubles after each further one. */
  baseDelayMs: number;
  /** The doubling stops here. */
  maxDelayMs: number;
}

/** Delay before the next attempt after `failedAttempts` failures: base · 2^(failures−1), capped. */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(policy.baseDelayMs * 2 ** Math.min(exponent, 30), policy.maxDelayMs);
}

/**
 * The notification a change of an order's view calls for, if any: a new status (only when the status
 * actually changed — a late event that loses on precedence says nothing), the first refund, a new
 * coupon. None without a known customer, and none for an event already applied (`after === before`).
 */
export function notificationFor(
  before: OrderStatusView | undefined,
  after: OrderStatusView,
  event: DomainEvent,
  now: Date,
): Notification | undefined {
  if (after === before || after.customerId === undefined) return undefined;
  const message = messageFor(before, after, event);
  if (!message) return undefined;
  return {
    notificationId: event.eventId,
    customerId: after.customerId,
    orderId: after.orderId,
    status: message.status,
    eventType: event.eventType,
    message: message.text,
    state: 'PENDING',
    attempts: 0,
    occurredAt: new Date(event.occurredAt),
    nextAttemptAt: now,
    createdAt: now,
  };
}

function messageFor(
  before: OrderStatusView | undefined,
  after: OrderStatusView,
  event: DomainEvent,
): { status: Milestone; text: string } | undefined {
  if (after.status !== undefined && after.status !== before?.status) {
    return { status: after.status, text: statusMessage(after, after.status, event) };
  }
  if (event.eventType === 'PaymentCancelled' && before?.paymentState !== 'REFUNDED') {
    return { status: 'REFUNDED', text: refundMessage(after, event.payload.amount) };
  }
  if (
    event.eventType === 'CouponIssued' &&
    !before?.coupons.some((coupon) => coupon.couponId === event.payload.couponId)
  ) {
    const { couponId, discount, reason } = event.payload;
    return { status: 'COUPON_ISSUED', text: couponMessage({ couponId, discount, reason }) };
  }
  return undefined;
}

/** The notifier accepted it. */
export function recordDelivered(notification: Notification, now: Date): Notification {
  assertPending(notification);
  const { nextAttemptAt: _next, ...rest } = notification;
  return { ...rest, state: 'SENT', attempts: notification.attempts + 1, sentAt: now };
}

/** An attempt failed: try again after the backoff, or give up as FAILED once the attempts are used up. */
export function recordFailedAttempt(
  notification: Notification,
  error: string,
  now: Date,
  policy: RetryPolicy,
): Notification {
  assertPending(notification);
  const attempts = notification.attempts + 1;
  const lastError = error.slice(0, 500);
  if (attempts >= policy.maxAttempts) {
    const { nextAttemptAt: _next, ...rest } = notification;
    return { ...rest, state: 'FAILED', attempts, lastError };
  }
  return {
    ...notification,
    attempts,
    lastError,
    nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, policy)),
  };
}

function assertPending(notification: Notification): void {
  if (notification.state !== 'PENDING') {
    throw new Error(`notification ${notification.notificationId} is ${notification.state}, not PENDING`);
  }
}
