import fc from 'fast-check';
import type { DomainEvent, EventPayload, EventType } from '@fooddelivery/contracts';
import { T0, orderEvent } from './order-events.fixture';
import { OrderStatus, OrderStatusView, applyEvent, replay } from './order-status-view';

/**
 * Properties of the view's precedence rules (customer/README.md "Precedence" and "Late, duplicate,
 * out of order"): whatever the order events arrive in, and however often, the view ends the same.
 */

/**
 * The documented precedence: progress forward only; CANCELLED and REJECTED beat all of it, DELIVERED
 * included (money decides: a refunded order ends CANCELLED, delivered or not).
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
const STATUS_OF: Partial<Record<EventType, OrderStatus>> = {
  PaymentApproved: 'PLACED',
  OrderPlaced: 'PLACED',
  OrderAccepted: 'ACCEPTED',
  CookingStarted: 'COOKING',
  CookingFinished: 'COOKED',
  DeliveryStarted: 'DELIVERING',
  DeliveryCompleted: 'DELIVERED',
  OrderCancelled: 'CANCELLED',
  DeliveryCancelled: 'CANCELLED',
  OrderRejected: 'REJECTED',
};
const rankOf = (view: OrderStatusView | undefined) => (view?.status === undefined ? 0 : RANK[view.status]);

interface Spec<T extends EventType = EventType> {
  eventType: T;
  payload?: Partial<EventPayload<T>>;
}
const spec = <T extends EventType>(eventType: T, payload?: Partial<EventPayload<T>>): Spec => ({ eventType, payload });

/** The event of `spec` at T0 + `ms`, with the given id (so a run can be replayed exactly). */
function eventAt({ eventType, payload }: Spec, ms: number, eventId: string): DomainEvent {
  return {
    ...orderEvent(eventType, 0, payload as never),
    eventId,
    occurredAt: new Date(T0 + ms).toISOString(),
  } as DomainEvent;
}

const PROGRESS = [
  'OrderAccepted',
  'CookingStarted',
  'CookingFinished',
  'DeliveryStarted',
  'DeliveryCompleted',
] as const;
const ENDINGS = ['none', 'rejected', 'cancelled', 'refunded'] as const;

/**
 * One order's events as the platform produces them, in the order they happen (strictly increasing
 * times): paid and placed (either first: two producers), then the store's progress, then maybe an end —
 * rejected by the store (and refunded); cancelled by the customer (store stands down, recalls the
 * rider or cancels the delivered order, pay refunds; also the race where the store completed the
 * delivery before or after the customer's cancel, app not having seen it yet); refunded by pay on its
 * own (store cancels the order, delivered or not) — and the coupons a delivered order earns.
 */
const lifecycle: fc.Arbitrary<DomainEvent[]> = fc
  .record({
    placedFirst: fc.boolean(),
    progress: fc.integer({ min: 0, max: PROGRESS.length }),
    ending: fc.constantFrom(...ENDINGS),
    refundFirst: fc.boolean(),
    cancelBeforeDelivered: fc.boolean(),
    coupons: fc.integer({ min: 0, max: 2 }),
    gaps: fc.array(fc.integer({ min: 1, max: 10 * 60_000 }), { minLength: 16, maxLength: 16 }),
    ids: fc.uniqueArray(fc.uuid(), { minLength: 16, maxLength: 16 }),
  })
  .map(({ placedFirst, progress, ending, refundFirst, cancelBeforeDelivered, coupons, gaps, ids }) => {
    const paid = [spec('PaymentApproved'), spec('OrderPlaced')];
    const specs: Spec[] = placedFirst ? paid.reverse() : paid;
    if (ending === 'rejected') {
      specs.push(spec('OrderRejected', { reason: 'sold out' }), spec('PaymentCancelled', { reason: 'order rejected' }));
    } else {
      specs.push(...PROGRESS.slice(0, progress).map((eventType) => spec(eventType)));
      const delivered = progress === PROGRESS.length;
      const recall = progress === PROGRESS.indexOf('DeliveryStarted') + 1;
      // what store's DeliveryCancelled says, by the status the cancellation found there
      const storeReason = (reason: string) =>
        delivered ? `after delivery: ${reason}` : recall ? `recalled: ${reason}` : reason;
      if (ending === 'cancelled') {
        const cancel = spec('OrderCancelled', { reason: 'changed my mind' });
        // the race: the customer cancelled at app just before the store completed the delivery
        if (delivered && cancelBeforeDelivered) specs.splice(specs.length - 1, 0, cancel);
        else specs.push(cancel);
        const after = [
          spec('PaymentCancelled', { reason: 'order cancelled' }),
          spec('DeliveryCancelled', { reason: storeReason('changed my mind') }),
        ];
        specs.push(...(refundFirst ? after : after.reverse()));
      } else if (ending === 'refunded') {
        specs.push(
          spec('PaymentCancelled', { reason: 'refunded by an admin' }),
          spec('DeliveryCancelled', { reason: storeReason('payment refunded') }),
        );
      } else if (delivered) {
        for (let coupon = 1; coupon <= coupons; coupon++)
          specs.push(
            spec('CouponIssued', { couponId: `coupon-${coupon}`, discount: 1000 * coupon, reason: `reason ${coupon}` }),
          );
      }
    }
    let ms = 0;
    return specs.map((item, index) => eventAt(item, (ms += gaps[index]), ids[index]));
  });

/** Every kind of event an order can see, even combinations no real run produces, at distinct times. */
const ALL_SPECS: Spec[] = [
  spec('PaymentApproved', { amount: 1, items: [{ menuId: 'x', name: 'X', quantity: 1, unitPrice: 1 }] }),
  spec('OrderPlaced'),
  ...PROGRESS.map((eventType) => spec(eventType)),
  spec('OrderCancelled', { reason: 'changed my mind' }),
  spec('DeliveryCancelled', { reason: 'recalled: changed my mind' }),
  spec('OrderRejected', { reason: 'sold out' }),
  spec('PaymentCancelled', { reason: 'refund' }),
  spec('CouponIssued', { couponId: 'coupon-1' }),
  spec('CouponIssued', { couponId: 'coupon-2', discount: 500, reason: 'loyalty' }),
];
const anySet: fc.Arbitrary<DomainEvent[]> = fc
  .tuple(
    fc.subarray(ALL_SPECS, { minLength: 1 }),
    fc.uniqueArray(fc.integer({ min: 0, max: 3_600_000 }), {
      minLength: ALL_SPECS.length,
      maxLength: ALL_SPECS.length,
    }),
    fc.uniqueArray(fc.uuid(), { minLength: ALL_SPECS.length, maxLength: ALL_SPECS.length }),
  )
  .map(([specs, times, ids]) => specs.map((item, index) => eventAt(item, times[index], ids[index])));

/** The same events with times from a handful of instants, so several happen at the same millisecond. */
const anySetWithTies: fc.Arbitrary<DomainEvent[]> = fc
  .tuple(
    fc.subarray(ALL_SPECS, { minLength: 1 }),
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: ALL_SPECS.length, maxLength: ALL_SPECS.length }),
    fc.uniqueArray(fc.uuid(), { minLength: ALL_SPECS.length, maxLength: ALL_SPECS.length }),
  )
  .map(([specs, times, ids]) => specs.map((item, index) => eventAt(item, times[index] * 1000, ids[index])));

/** An arrival order of `events`: any permutation, with any of them delivered again anywhere. */
function deliveries(events: DomainEvent[]): fc.Arbitrary<DomainEvent[]> {
  return fc
    .tuple(
      fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
      fc.array(fc.tuple(fc.nat({ max: events.length - 1 }), fc.nat()), { maxLength: 5 }),
    )
    .map(([order, duplicates]) => {
      const arrival = [...order];
      for (const [which, where] of duplicates) arrival.splice(where % (arrival.length + 1), 0, events[which]);
      return arrival;
    });
}

const withDeliveries = (events: fc.Arbitrary<DomainEvent[]>) =>
  events.chain((inOrder) => fc.tuple(fc.constant(inOrder), deliveries(inOrder)));

/** Coupons are listed in arrival order (README: "coupons += …"): compared as a set. */
function normalised(view: OrderStatusView | undefined) {
  if (!view) return view;
  return { ...view, coupons: [...view.coupons].sort((a, b) => a.couponId.localeCompare(b.couponId)) };
}

/** For ties, where the timeline keeps arrival order: the timeline as a set, and the order-free fields. */
function orderFree(view: OrderStatusView | undefined) {
  if (!view) return view;
  const { status: _status, statusAt: _at, statusReason: _reason, timeline, ...rest } = normalised(view)!;
  return {
    ...rest,
    rank: rankOf(view),
    timeline: [...timeline].sort((a, b) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId)),
  };
}

const time = (event: DomainEvent) => Date.parse(event.occurredAt);
const reasonOf = (event: DomainEvent) => (event.payload as { reason?: string }).reason;

/** The documented outcome, computed from the set of events alone. */
function expectedStatus(events: DomainEvent[]): Pick<OrderStatusView, 'status' | 'statusAt' | 'statusReason'> {
  const bearing = events.filter((event) => STATUS_OF[event.eventType] !== undefined);
  if (bearing.length === 0) return {};
  const top = Math.max(...bearing.map((event) => RANK[STATUS_OF[event.eventType]!]));
  // among the events of the winning rank, the one that happened first sets status, time and reason
  const first = bearing
    .filter((event) => RANK[STATUS_OF[event.eventType]!] === top)
    .sort((a, b) => time(a) - time(b))[0];
  const reason = reasonOf(first);
  return {
    status: STATUS_OF[first.eventType],
    statusAt: new Date(time(first)).toISOString(),
    ...(reason !== undefined && top === RANK.CANCELLED ? { statusReason: reason } : {}),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('OrderStatusView precedence (properties)', () => {
  it('an order delivered in order ends in the documented status, with every event on its timeline', () => {
    fc.assert(
      fc.property(lifecycle, (events) => {
        const view = replay(events)!;
        const expected = expectedStatus(events);
        expect({ status: view.status, statusAt: view.statusAt, statusReason: view.statusReason }).toEqual({
          statusReason: undefined,
          ...expected,
        });
        const types = new Set(events.map((event) => event.eventType));
        // money decides: a refunded order ends CANCELLED (or REJECTED), delivered or not
        if (types.has('OrderRejected')) expect(view.status).toBe('REJECTED');
        else if (types.has('PaymentCancelled') || types.has('OrderCancelled')) expect(view.status).toBe('CANCELLED');
        else if (types.has('DeliveryCompleted')) expect(view.status).toBe('DELIVERED');
        if (types.has('OrderCancelled')) expect(view.statusReason).toBe('changed my mind');
        expect(view.paymentState).toBe(types.has('PaymentCancelled') ? 'REFUNDED' : 'APPROVED');
        expect(view.timeline.map((entry) => entry.eventId)).toEqual(events.map((event) => event.eventId));
        expect(view.revision).toBe(events.length);
        expect(view.createdAt).toBe(iso(Math.min(...events.map(time))));
        expect(view.updatedAt).toBe(iso(Math.max(...events.map(time))));
        expect(view.totalAmount).toBe(22000);
        expect(view.coupons.map((coupon) => coupon.couponId).sort()).toEqual(
          events
            .filter((event) => event.eventType === 'CouponIssued')
            .map((event) => (event.payload as { couponId: string }).couponId),
        );
      }),
    );
  });

  it('any arrival order of a lifecycle, with any redeliveries, ends in the view in-order delivery gives', () => {
    fc.assert(
      fc.property(withDeliveries(lifecycle), ([inOrder, arrival]) => {
        expect(normalised(replay(arrival))).toEqual(normalised(replay(inOrder)));
      }),
      { numRuns: 200 },
    );
  });

  it('any set of an order’s events, even one no real run produces, ends the same in every arrival order', () => {
    fc.assert(
      fc.property(withDeliveries(anySet), ([events, arrival]) => {
        const view = replay(arrival);
        expect(normalised(view)).toEqual(normalised(replay(events)));
        expect({ status: view?.status, statusAt: view?.statusAt, statusReason: view?.statusReason }).toEqual({
          status: undefined,
          statusAt: undefined,
          statusReason: undefined,
          ...expectedStatus(events),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('with events at the same instant, the timeline holds the same entries in time order and the precedence reached is the same', () => {
    fc.assert(
      fc.property(withDeliveries(anySetWithTies), ([events, arrival]) => {
        const view = replay(arrival);
        expect(orderFree(view)).toEqual(orderFree(replay(events)));
        const times = view!.timeline.map((entry) => Date.parse(entry.at));
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }),
      { numRuns: 150 },
    );
  });

  it('while events arrive, the status never goes back, CANCELLED and REJECTED stay, DELIVERED gives way only to them, and a redelivery changes nothing', () => {
    fc.assert(
      fc.property(withDeliveries(fc.oneof(lifecycle, anySet)), ([, arrival]) => {
        let view: OrderStatusView | undefined;
        const applied = new Set<string>();
        for (const event of arrival) {
          const before = view;
          const snapshot = structuredClone(before);
          view = applyEvent(before, event);
          expect(before).toEqual(snapshot); // applyEvent is pure
          if (applied.has(event.eventId)) {
            expect(view).toBe(before);
            continue;
          }
          applied.add(event.eventId);
          expect(view.revision).toBe((before?.revision ?? 0) + 1);
          expect(view.timeline).toHaveLength(applied.size);
          expect(rankOf(view)).toBeGreaterThanOrEqual(rankOf(before));
          if (before?.status === 'DELIVERED') expect(['DELIVERED', 'CANCELLED', 'REJECTED']).toContain(view.status);
          if (before?.status === 'CANCELLED' || before?.status === 'REJECTED')
            expect(['CANCELLED', 'REJECTED']).toContain(view.status);
          const times = view.timeline.map((entry) => Date.parse(entry.at));
          expect(times).toEqual([...times].sort((a, b) => a - b));
        }
      }),
      { numRuns: 100 },
    );
  });

  // found by the properties above: the same status announced twice kept whichever arrived first
  it.each<[string, Spec, Spec]>([
    ['placed: paid, then placed', spec('PaymentApproved'), spec('OrderPlaced')],
    [
      'cancelled: by the customer, then by the store',
      spec('OrderCancelled'),
      spec('DeliveryCancelled', { reason: 'recalled: changed my mind' }),
    ],
  ])('%s — the first to happen sets the time and the reason, in either arrival order', (_name, first, second) => {
    const [early, late] = [
      eventAt(first, 1000, '00000000-0000-4000-8000-000000000001'),
      eventAt(second, 2000, '00000000-0000-4000-8000-000000000002'),
    ];
    const expected = { statusAt: iso(T0 + 1000), statusReason: reasonOf(early) };
    for (const arrival of [
      [early, late],
      [late, early],
    ]) {
      const view = replay(arrival);
      expect({ statusAt: view?.statusAt, statusReason: view?.statusReason }).toEqual(expected);
    }
    expect(replay([late, early])).toEqual(replay([early, late]));
  });

  it('refuses an event of another order, whatever the view holds', () => {
    fc.assert(
      fc.property(lifecycle, fc.uuid(), (events, otherOrder) => {
        const view = replay(events)!;
        const stranger: DomainEvent = {
          ...events[events.length - 1],
          eventId: otherOrder,
          orderId: `other-${otherOrder}`,
        };
        expect(() => applyEvent(view, stranger)).toThrow(/is about order other-/);
      }),
      { numRuns: 50 },
    );
  });
});
