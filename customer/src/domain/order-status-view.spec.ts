import type { DomainEvent, EventType } from '@fooddelivery/contracts';
import { EVENT_TYPES } from '@fooddelivery/contracts';
import { ORDER_ID, happyJourney, iso, orderEvent, permutations } from './order-events.fixture';
import { OrderStatusView, VIEW_EVENT_TYPES, applyEvent, isTerminal, replay, supersedes } from './order-status-view';

const statusesOf = (view: OrderStatusView | undefined) => view?.timeline.map((entry) => entry.status);
const typesOf = (view: OrderStatusView | undefined) => view?.timeline.map((entry) => entry.eventType);

describe('applyEvent', () => {
  it('knows every event type of the platform', () => {
    expect([...VIEW_EVENT_TYPES].sort()).toEqual([...EVENT_TYPES].sort());
  });

  describe('creates the view from any first event, with what that event carries', () => {
    it.each<[EventType, Partial<OrderStatusView>]>([
      [
        'OrderPlaced',
        { status: 'PLACED', paymentState: 'APPROVED', totalAmount: 22000, customerId: 'alice', storeId: '1' },
      ],
      [
        'PaymentApproved',
        { status: 'PLACED', paymentState: 'APPROVED', paymentId: 'pay-1', totalAmount: 22000, customerId: 'alice' },
      ],
      ['OrderAccepted', { status: 'ACCEPTED', customerId: 'alice', storeId: '1', items: [] }],
      ['CookingStarted', { status: 'COOKING' }],
      ['CookingFinished', { status: 'COOKED' }],
      ['DeliveryStarted', { status: 'DELIVERING', rider: 'Minsu' }],
      ['DeliveryCompleted', { status: 'DELIVERED', rider: 'Minsu' }],
      ['OrderCancelled', { status: 'CANCELLED', statusReason: 'changed my mind' }],
      ['DeliveryCancelled', { status: 'CANCELLED', statusReason: 'the rider had an accident' }],
      ['OrderRejected', { status: 'REJECTED', statusReason: 'sold out' }],
      ['PaymentCancelled', { paymentState: 'REFUNDED', refundedAmount: 22000, paymentId: 'pay-1' }],
      ['CouponIssued', { coupons: [{ couponId: 'coupon-1', discount: 3000, reason: 'welcome' }] }],
    ])('%s', (eventType, expected) => {
      const event = orderEvent(eventType, 5) as DomainEvent;
      const view = applyEvent(undefined, event);
      expect(view).toMatchObject({ orderId: ORDER_ID, revision: 1, createdAt: iso(5), updatedAt: iso(5), ...expected });
      expect(view.timeline).toEqual([{ status: expect.any(String), at: iso(5), eventType, eventId: event.eventId }]);
      if (eventType === 'PaymentCancelled' || eventType === 'CouponIssued') expect(view.status).toBeUndefined();
    });
  });

  it('follows a whole journey, status by status, with the timeline in order', () => {
    const seen: (string | undefined)[] = [];
    let view: OrderStatusView | undefined;
    for (const event of happyJourney()) {
      view = applyEvent(view, event);
      seen.push(view.status);
    }
    expect(seen).toEqual(['PLACED', 'PLACED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED']);
    expect(view).toMatchObject({
      status: 'DELIVERED',
      statusAt: iso(30),
      paymentState: 'APPROVED',
      paymentId: 'pay-1',
      totalAmount: 22000,
      rider: 'Minsu',
      revision: 7,
      createdAt: iso(0),
      updatedAt: iso(30),
    });
    expect(view?.items).toHaveLength(2);
    expect(statusesOf(view)).toEqual(['PAID', 'PLACED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED']);
    expect(isTerminal(view?.status)).toBe(true);
  });

  it('ignores an event it already applied: same view object, nothing counted twice', () => {
    const [approved, placed, accepted] = happyJourney();
    const view = replay([approved, placed, accepted]);
    expect(applyEvent(view, accepted)).toBe(view);
    expect(applyEvent(view, approved)).toBe(view);
    expect(view?.revision).toBe(3);
    expect(view?.timeline).toHaveLength(3);
  });

  it('files a late event at its place in the timeline without moving the status back', () => {
    const view = replay([
      orderEvent('OrderPlaced', 0),
      orderEvent('OrderAccepted', 1),
      orderEvent('DeliveryStarted', 12),
      orderEvent('CookingStarted', 2), // late
    ]);
    expect(view?.status).toBe('DELIVERING');
    expect(view?.statusAt).toBe(iso(12));
    expect(typesOf(view)).toEqual(['OrderPlaced', 'OrderAccepted', 'CookingStarted', 'DeliveryStarted']);
    expect(view?.revision).toBe(4);
  });

  it('ends right when DeliveryStarted overtakes CookingFinished', () => {
    const view = replay([
      orderEvent('OrderPlaced', 0),
      orderEvent('OrderAccepted', 1),
      orderEvent('CookingStarted', 2),
      orderEvent('DeliveryStarted', 12),
      orderEvent('CookingFinished', 10),
      orderEvent('DeliveryCompleted', 30),
    ]);
    expect(view?.status).toBe('DELIVERED');
    expect(statusesOf(view)).toEqual(['PLACED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED']);
  });

  it('fills in the order when its first event comes after the store events', () => {
    const early = replay([orderEvent('OrderAccepted', 1), orderEvent('CookingStarted', 2)]);
    expect(early).toMatchObject({ status: 'COOKING', items: [], customerId: 'alice', storeId: '1' });
    expect(early?.totalAmount).toBeUndefined();

    const filled = applyEvent(early, orderEvent('OrderPlaced', 0));
    expect(filled).toMatchObject({
      status: 'COOKING',
      totalAmount: 22000,
      paymentState: 'APPROVED',
      createdAt: iso(0),
      updatedAt: iso(2),
    });
    expect(filled.items.map((item) => item.menuId)).toEqual(['chicken', 'cola']);
    expect(typesOf(filled)).toEqual(['OrderPlaced', 'OrderAccepted', 'CookingStarted']);
  });

  it('takes the lines and total of OrderPlaced over those of PaymentApproved', () => {
    const view = replay([
      orderEvent('PaymentApproved', 0, { amount: 1, items: [{ menuId: 'x', name: 'X', quantity: 1, unitPrice: 1 }] }),
      orderEvent('OrderPlaced', 0.1),
    ]);
    expect(view).toMatchObject({ totalAmount: 22000, paymentId: 'pay-1' });
    expect(view?.items).toHaveLength(2);
  });

  it('cancels before delivery and records the refund; later progress changes nothing', () => {
    const view = replay([
      orderEvent('OrderPlaced', 0),
      orderEvent('OrderAccepted', 1),
      orderEvent('OrderCancelled', 3),
      orderEvent('CookingStarted', 2), // happened before the cancellation, arrives after
      orderEvent('PaymentCancelled', 4),
      orderEvent('PaymentApproved', 0), // very late: the refund stands
    ]);
    expect(view).toMatchObject({
      status: 'CANCELLED',
      statusReason: 'changed my mind',
      paymentState: 'REFUNDED',
      refundedAmount: 22000,
    });
    expect(statusesOf(view)).toEqual(['PLACED', 'PAID', 'ACCEPTED', 'COOKING', 'CANCELLED', 'REFUNDED']);
  });

  it('lets a cancellation win over every status, DELIVERED included, whichever arrives first', () => {
    for (const progress of [
      'OrderAccepted',
      'CookingStarted',
      'CookingFinished',
      'DeliveryStarted',
      'DeliveryCompleted',
    ] as const) {
      for (const cancellation of ['OrderCancelled', 'DeliveryCancelled'] as const) {
        const cancel = (minute: number) => orderEvent(cancellation, minute) as DomainEvent;
        expect(replay([orderEvent(progress, 5), cancel(6)])?.status).toBe('CANCELLED');
        expect(replay([cancel(6), orderEvent(progress, 5)])?.status).toBe('CANCELLED');
        // a cancellation that happened before the progress it raced wins as well
        expect(replay([orderEvent(progress, 6), cancel(5)])?.status).toBe('CANCELLED');
        expect(replay([cancel(5), orderEvent(progress, 6)])?.status).toBe('CANCELLED');
      }
    }
    expect(replay([orderEvent('OrderRejected', 1), orderEvent('DeliveryCompleted', 30)])?.status).toBe('REJECTED');
    expect(replay([orderEvent('DeliveryCompleted', 30), orderEvent('OrderRejected', 1)])?.status).toBe('REJECTED');
  });

  it('ends CANCELLED when the store delivered an order the customer had cancelled at app, in every arrival order', () => {
    // app accepted the cancel before it saw the delivery; store cancels the delivered order afterwards
    const delivered = [...happyJourney().slice(0, 6), orderEvent('DeliveryCompleted', 30)];
    for (const cancelledAt of [25, 31]) {
      const ending = [
        orderEvent('OrderCancelled', cancelledAt),
        orderEvent('PaymentCancelled', 32),
        orderEvent('DeliveryCancelled', 33, { reason: `after delivery: changed my mind` }),
      ];
      const racing = [delivered[6], ...ending];
      for (const endingOrder of permutations(racing)) {
        for (const subset of [endingOrder, endingOrder.filter((event) => event.eventType !== 'DeliveryCancelled')]) {
          const view = replay([...delivered.slice(0, 6), ...subset])!;
          expect(view).toMatchObject({
            status: 'CANCELLED',
            statusAt: iso(cancelledAt),
            statusReason: 'changed my mind',
            paymentState: 'REFUNDED',
            refundedAmount: 22000,
          });
          // the delivery happened: it stays in the timeline with every other entry
          expect(typesOf(view)).toContain('DeliveryCompleted');
          expect(view.timeline).toHaveLength(6 + subset.length);
        }
      }
    }
  });

  it('ends CANCELLED when the payment is refunded at pay after the delivery (store cancels the delivered order)', () => {
    const events = [
      ...happyJourney(),
      orderEvent('PaymentCancelled', 40, { reason: 'refunded by an admin' }),
      orderEvent('DeliveryCancelled', 41, { reason: 'after delivery: refunded by an admin' }),
    ];
    const expected = replay(events)!;
    expect(expected).toMatchObject({
      status: 'CANCELLED',
      statusAt: iso(41),
      statusReason: 'after delivery: refunded by an admin',
      paymentState: 'REFUNDED',
    });
    expect(statusesOf(expected)?.slice(-4)).toEqual(['DELIVERING', 'DELIVERED', 'REFUNDED', 'CANCELLED']);
    for (const arrival of permutations(events.slice(4)))
      expect(replay([...events.slice(0, 4), ...arrival])).toEqual(expected);
  });

  it('keeps the end that happened first when an order is both rejected and cancelled', () => {
    const rejected = orderEvent('OrderRejected', 1);
    const cancelled = orderEvent('OrderCancelled', 2);
    expect(replay([rejected, cancelled])).toMatchObject({ status: 'REJECTED', statusReason: 'sold out' });
    expect(replay([cancelled, rejected])).toMatchObject({
      status: 'REJECTED',
      statusReason: 'sold out',
      statusAt: iso(1),
    });
  });

  it('keeps the reason and time of a cancellation when a delivery completes after it', () => {
    const view = replay([orderEvent('OrderCancelled', 1), orderEvent('DeliveryCompleted', 30)]);
    expect(view).toMatchObject({ status: 'CANCELLED', statusAt: iso(1), statusReason: 'changed my mind' });
    expect(statusesOf(view)).toEqual(['CANCELLED', 'DELIVERED']);
  });

  it('adds each coupon once', () => {
    const view = replay([
      ...happyJourney(),
      orderEvent('CouponIssued', 31),
      orderEvent('CouponIssued', 32),
      orderEvent('CouponIssued', 33, { couponId: 'coupon-2', discount: 1000, reason: 'loyalty' }),
    ]);
    expect(view?.coupons).toEqual([
      { couponId: 'coupon-1', discount: 3000, reason: 'welcome' },
      { couponId: 'coupon-2', discount: 1000, reason: 'loyalty' },
    ]);
    expect(view?.status).toBe('DELIVERED');
    expect(statusesOf(view)?.slice(-3)).toEqual(['COUPON_ISSUED', 'COUPON_ISSUED', 'COUPON_ISSUED']);
  });

  it('fills the customer in later when the first event did not name one', () => {
    const view = replay([
      orderEvent('PaymentCancelled', 4, { customerId: undefined, storeId: undefined }),
      orderEvent('OrderCancelled', 3),
    ]);
    expect(view).toMatchObject({ customerId: 'alice', storeId: '1', status: 'CANCELLED', paymentState: 'REFUNDED' });
  });

  it('refuses an event of another order', () => {
    const view = applyEvent(undefined, orderEvent('OrderPlaced', 0));
    expect(() => applyEvent(view, orderEvent('OrderAccepted', 1, {}, '00000000-0000-4000-8000-000000000000'))).toThrow(
      /not 1a2b3c4d/,
    );
  });

  it('does not change the view it is given', () => {
    const view = replay(happyJourney().slice(0, 3))!;
    const copy = structuredClone(view);
    applyEvent(view, orderEvent('CookingStarted', 2));
    applyEvent(view, orderEvent('CouponIssued', 3));
    expect(view).toEqual(copy);
  });

  describe('arrives at the same view in every order of arrival', () => {
    it('for all 5040 orders of a delivered journey, even with duplicates', () => {
      const events = happyJourney();
      const expected = replay(events);
      for (const order of permutations(events)) {
        const view = replay([...order, order[0], order[3]]);
        expect(view).toEqual(expected);
      }
    });

    it.each<[string, DomainEvent[], string]>([
      [
        'a cancellation with refund',
        [
          orderEvent('OrderPlaced', 0),
          orderEvent('OrderAccepted', 1),
          orderEvent('CookingStarted', 2),
          orderEvent('OrderCancelled', 3),
          orderEvent('PaymentCancelled', 4),
        ],
        'CANCELLED',
      ],
      [
        'a rejection with refund',
        [
          orderEvent('PaymentApproved', 0),
          orderEvent('OrderPlaced', 0.1),
          orderEvent('OrderRejected', 1),
          orderEvent('PaymentCancelled', 2),
        ],
        'REJECTED',
      ],
      [
        'a cancelled delivery',
        [
          orderEvent('OrderPlaced', 0),
          orderEvent('CookingFinished', 10),
          orderEvent('DeliveryStarted', 12),
          orderEvent('DeliveryCancelled', 20),
          orderEvent('PaymentCancelled', 21),
        ],
        'CANCELLED',
      ],
      [
        'a cancellation racing a completed delivery',
        [
          orderEvent('OrderPlaced', 0),
          orderEvent('DeliveryStarted', 12),
          orderEvent('OrderCancelled', 29),
          orderEvent('DeliveryCompleted', 30),
          orderEvent('PaymentCancelled', 31),
          orderEvent('DeliveryCancelled', 32, { reason: 'after delivery: changed my mind' }),
        ],
        'CANCELLED',
      ],
    ])('for %s', (_name, events, status) => {
      const expected = replay(events);
      expect(expected?.status).toBe(status);
      for (const order of permutations(events)) expect(replay(order)).toEqual(expected);
    });
  });
});

describe('supersedes', () => {
  it.each([
    [undefined, 'PLACED', true],
    ['PLACED', 'ACCEPTED', true],
    ['ACCEPTED', 'PLACED', false],
    ['COOKED', 'COOKING', false],
    ['DELIVERING', 'DELIVERED', true],
    ['DELIVERING', 'CANCELLED', true],
    ['CANCELLED', 'DELIVERING', false],
    ['DELIVERED', 'CANCELLED', true],
    ['DELIVERED', 'REJECTED', true],
    ['CANCELLED', 'DELIVERED', false],
    ['REJECTED', 'DELIVERED', false],
    ['PLACED', 'PLACED', false],
  ] as const)('%s then %s → %s', (current, next, expected) => {
    expect(supersedes(current, iso(1), next, iso(2))).toBe(expected);
  });
});
