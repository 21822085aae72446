import type { DomainEvent } from '@fooddelivery/contracts';
import { ORDER_ID, at, happyJourney, orderEvent } from './order-events.fixture';
import { OrderStatusView, applyEvent, replay } from './order-status-view';
import {
  Notification,
  RetryPolicy,
  notificationFor,
  recordDelivered,
  recordFailedAttempt,
  retryDelayMs,
} from './notification';
import {
  MAX_MESSAGE_LENGTH,
  couponMessage,
  orderNumber,
  refundMessage,
  statusMessage,
  won,
} from './notification-message';

const now = at(100);

/** Applies the events one by one and collects the notification each change calls for. */
function notificationsOf(events: DomainEvent[], start?: OrderStatusView): Notification[] {
  const found: Notification[] = [];
  let view = start;
  for (const event of events) {
    const next = applyEvent(view, event);
    const notification = notificationFor(view, next, event, now);
    if (notification) found.push(notification);
    view = next;
  }
  return found;
}

describe('messages', () => {
  it('names the order by the first 8 hex digits of its id and formats won', () => {
    expect(orderNumber(ORDER_ID)).toBe('#1a2b3c4d');
    expect(won(18000)).toBe('18,000 won');
    expect(won(1234567)).toBe('1,234,567 won');
    expect(won(500)).toBe('500 won');
    expect(won(0)).toBe('0 won');
  });

  it('has a readable text for every status', () => {
    const texts = notificationsOf([...happyJourney(), orderEvent('CouponIssued', 31)]).map((n) => n.message);
    expect(texts).toEqual([
      'Your order #1a2b3c4d was placed (22,000 won)',
      'Your order #1a2b3c4d was accepted by the store',
      'Your order #1a2b3c4d is being cooked',
      'Your order #1a2b3c4d is cooked and waiting for its rider',
      'Your order #1a2b3c4d is on its way with Minsu',
      'Your order #1a2b3c4d was delivered. Enjoy your meal!',
      'You received a coupon: 3,000 won off (welcome)',
    ]);
  });

  it('words cancellations, rejections and refunds after how the order ended', () => {
    expect(
      notificationsOf([
        orderEvent('OrderPlaced', 0),
        orderEvent('OrderCancelled', 1),
        orderEvent('PaymentCancelled', 2, { amount: 18000 }),
      ]).map((n) => n.message),
    ).toEqual([
      'Your order #1a2b3c4d was placed (22,000 won)',
      'Your order #1a2b3c4d was cancelled: changed my mind',
      'Your order #1a2b3c4d was cancelled and 18,000 won refunded',
    ]);
    expect(
      notificationsOf([orderEvent('OrderPlaced', 0), orderEvent('OrderRejected', 1), orderEvent('PaymentCancelled', 2)])
        .map((n) => n.message)
        .slice(1),
    ).toEqual([
      'Your order #1a2b3c4d was rejected by the store: sold out',
      'Your order #1a2b3c4d was rejected and 22,000 won refunded',
    ]);
    expect(
      notificationsOf([
        orderEvent('DeliveryStarted', 12, { rider: undefined }),
        orderEvent('DeliveryCancelled', 13),
      ]).map((n) => n.message),
    ).toEqual([
      'Your order #1a2b3c4d is on its way',
      'The delivery of your order #1a2b3c4d was cancelled: the rider had an accident',
    ]);
    const view = replay([orderEvent('OrderPlaced', 0)])!;
    expect(refundMessage(view, 5000)).toBe('5,000 won was refunded for your order #1a2b3c4d');
  });

  it('keeps every text within KakaoTalk’s 200 characters', () => {
    const view = replay([orderEvent('OrderCancelled', 1, { reason: 'x'.repeat(500) })])!;
    const text = statusMessage(view, 'CANCELLED', orderEvent('OrderCancelled', 1, { reason: 'x'.repeat(500) }));
    expect(text).toHaveLength(MAX_MESSAGE_LENGTH);
    expect(text.endsWith('…')).toBe(true);
    expect(couponMessage({ couponId: 'c', discount: 1, reason: 'y'.repeat(300) }).length).toBeLessThanOrEqual(
      MAX_MESSAGE_LENGTH,
    );
  });
});

describe('notificationFor', () => {
  it('calls for one PENDING notification per status, keyed by the eventId, due at once', () => {
    const events = happyJourney();
    const found = notificationsOf(events);
    expect(found.map((n) => n.status)).toEqual(['PLACED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED']);
    // PaymentApproved placed it; OrderPlaced repeats the status and says nothing
    expect(found.map((n) => n.notificationId)).toEqual([events[0], ...events.slice(2)].map((event) => event.eventId));
    expect(found[0]).toEqual({
      notificationId: events[0].eventId,
      customerId: 'alice',
      orderId: ORDER_ID,
      status: 'PLACED',
      eventType: 'PaymentApproved',
      message: 'Your order #1a2b3c4d was placed (22,000 won)',
      state: 'PENDING',
      attempts: 0,
      occurredAt: new Date(events[0].occurredAt),
      nextAttemptAt: now,
      createdAt: now,
    });
  });

  it('says nothing for a duplicate, for a late status that lost on precedence, or a second refund', () => {
    const [approved, placed, accepted, cooking] = happyJourney();
    const view = replay([approved, placed, accepted])!;
    expect(notificationFor(view, applyEvent(view, accepted), accepted, now)).toBeUndefined();
    expect(notificationsOf([orderEvent('DeliveryStarted', 12), cooking])).toHaveLength(1);
    expect(
      notificationsOf([
        orderEvent('OrderCancelled', 1),
        orderEvent('PaymentCancelled', 2),
        orderEvent('PaymentCancelled', 3),
      ]).map((n) => n.status),
    ).toEqual(['CANCELLED', 'REFUNDED']);
    expect(notificationsOf([orderEvent('CouponIssued', 1), orderEvent('CouponIssued', 2)])).toHaveLength(1);
  });

  it('tells of a cancellation after the delivery once, and of its refund, in every arrival order', () => {
    const delivered = happyJourney();
    const ending = [
      orderEvent('OrderCancelled', 29),
      orderEvent('PaymentCancelled', 31),
      orderEvent('DeliveryCancelled', 32, { reason: 'after delivery: changed my mind' }),
    ];
    const complete = delivered[6];
    const texts = (arrival: DomainEvent[]) =>
      notificationsOf([...delivered.slice(0, 6), ...arrival])
        .slice(5)
        .map((n) => `${n.status}: ${n.message}`);
    // the delivery is announced first, then its cancellation and the refund
    expect(texts([complete, ...ending])).toEqual([
      'DELIVERED: Your order #1a2b3c4d was delivered. Enjoy your meal!',
      'CANCELLED: Your order #1a2b3c4d was cancelled: changed my mind',
      'REFUNDED: Your order #1a2b3c4d was cancelled and 22,000 won refunded',
    ]);
    // the cancellation first: the late delivery loses on precedence and says nothing
    expect(texts([...ending, complete])).toEqual([
      'CANCELLED: Your order #1a2b3c4d was cancelled: changed my mind',
      'REFUNDED: Your order #1a2b3c4d was cancelled and 22,000 won refunded',
    ]);
    // a refund at pay after the delivery: the refund, then store's cancellation of the delivered order
    expect(
      texts([
        complete,
        orderEvent('PaymentCancelled', 40, { reason: 'refunded by an admin' }),
        orderEvent('DeliveryCancelled', 41, { reason: 'after delivery: refunded by an admin' }),
      ]),
    ).toEqual([
      'DELIVERED: Your order #1a2b3c4d was delivered. Enjoy your meal!',
      'REFUNDED: 22,000 won was refunded for your order #1a2b3c4d',
      'CANCELLED: The delivery of your order #1a2b3c4d was cancelled: after delivery: refunded by an admin',
    ]);
  });

  it('needs a customer to talk to', () => {
    expect(notificationsOf([orderEvent('PaymentCancelled', 2, { customerId: undefined })])).toEqual([]);
  });
});

describe('delivery attempts', () => {
  const policy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 30_000 };
  const pending = (): Notification => notificationsOf([orderEvent('OrderPlaced', 0)])[0];

  it('backs off exponentially from the base, capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((failures) => retryDelayMs(failures, policy))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(retryDelayMs(1000, policy)).toBe(30_000);
  });

  it('schedules the next attempt after a failure, then gives up as FAILED after the last', () => {
    let notification = pending();
    const schedule: (number | undefined)[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      notification = recordFailedAttempt(notification, `boom ${attempt}`, now, policy);
      schedule.push(notification.nextAttemptAt && notification.nextAttemptAt.getTime() - now.getTime());
    }
    expect(schedule).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, undefined]);
    expect(notification).toMatchObject({ state: 'FAILED', attempts: 8, lastError: 'boom 8' });
    expect(() => recordFailedAttempt(notification, 'again', now, policy)).toThrow(/FAILED, not PENDING/);
  });

  it('records a delivery with its attempt count', () => {
    const failedOnce = recordFailedAttempt(pending(), 'timeout', now, policy);
    const sent = recordDelivered(failedOnce, at(101));
    expect(sent).toMatchObject({ state: 'SENT', attempts: 2, lastError: 'timeout', sentAt: at(101) });
    expect(sent.nextAttemptAt).toBeUndefined();
    expect(() => recordDelivered(sent, now)).toThrow(/SENT, not PENDING/);
  });
});
