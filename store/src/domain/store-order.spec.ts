import { parseEvent } from '@fooddelivery/contracts';
import {
  STORE_ORDER_STATUSES,
  STORE_ORDER_STEPS,
  StoreOrder,
  StoreOrderStatus,
  StoreOrderStep,
  allowedSteps,
} from './store-order';
import { InvalidStoreOrder, InvalidStoreOrderTransition } from './store-order.errors';

const ORDER_ID = '6f1c2a8e-3b7d-4c5e-9f0a-1b2c3d4e5f60';
const T0 = new Date('2025-01-01T12:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function received(): StoreOrder {
  return StoreOrder.receive(
    {
      orderId: ORDER_ID,
      storeId: '1',
      customerId: 'alice',
      paymentId: 'pay-1',
      items: [{ menuId: 'chicken', name: 'Chicken', quantity: 2, unitPrice: 18000 }],
      amount: 36000,
    },
    T0,
  );
}

/** The steps that lead from RECEIVED to each status along the happy path (REJECTED, CANCELLED aside). */
const PATH: Record<Exclude<StoreOrderStatus, 'REJECTED' | 'CANCELLED'>, StoreOrderStep[]> = {
  RECEIVED: [],
  ACCEPTED: ['accept'],
  COOKING: ['accept', 'start-cooking'],
  COOKED: ['accept', 'start-cooking', 'finish-cooking'],
  DELIVERING: ['accept', 'start-cooking', 'finish-cooking', 'start-delivery'],
  DELIVERED: ['accept', 'start-cooking', 'finish-cooking', 'start-delivery', 'complete-delivery'],
};

/** A saved order in the given status, with no pending events. */
function orderIn(status: StoreOrderStatus): StoreOrder {
  const order = received();
  if (status === 'REJECTED') order.reject('sold out');
  else if (status === 'CANCELLED') order.cancel('changed my mind');
  else for (const step of PATH[status]) order.perform(step, step === 'start-delivery' ? { rider: 'rider-7' } : {});
  order.committed(1);
  return order;
}

const ALLOWED: Record<StoreOrderStatus, StoreOrderStep[]> = {
  RECEIVED: ['accept', 'reject'],
  ACCEPTED: ['start-cooking'],
  COOKING: ['finish-cooking'],
  COOKED: ['start-delivery'],
  DELIVERING: ['complete-delivery'],
  DELIVERED: [],
  REJECTED: [],
  CANCELLED: [],
};

describe('StoreOrder', () => {
  it('arrives RECEIVED with its timeline started and nothing to publish', () => {
    const order = received();
    expect(order.snapshot()).toMatchObject({
      orderId: ORDER_ID,
      storeId: '1',
      customerId: 'alice',
      paymentId: 'pay-1',
      amount: 36000,
      status: 'RECEIVED',
      timeline: [{ status: 'RECEIVED', at: T0 }],
      tombstone: false,
      version: 0,
    });
    expect(order.events).toEqual([]);
    expect(order.allowedSteps).toEqual(['accept', 'reject']);
  });

  it('refuses an order without items, with a negative amount or an empty id', () => {
    const base = {
      orderId: ORDER_ID,
      storeId: '1',
      customerId: 'alice',
      paymentId: 'p',
      items: [{ menuId: 'm', name: 'M', quantity: 1, unitPrice: 1 }],
      amount: 1,
    };
    expect(() => StoreOrder.receive({ ...base, items: [] }, T0)).toThrow(InvalidStoreOrder);
    expect(() => StoreOrder.receive({ ...base, amount: -1 }, T0)).toThrow(InvalidStoreOrder);
    expect(() => StoreOrder.receive({ ...base, storeId: ' ' }, T0)).toThrow(/storeId must not be empty/);
  });

  it('goes the whole way, recording one valid event per step, each naming store and customer', () => {
    const order = received();
    order.accept(at(1));
    order.startCooking(at(2));
    order.finishCooking(at(3));
    order.startDelivery('rider-7', at(4));
    order.completeDelivery(at(5));

    const state = order.snapshot();
    expect(state.status).toBe('DELIVERED');
    expect(state.rider).toBe('rider-7');
    expect(state.timeline).toEqual([
      { status: 'RECEIVED', at: T0 },
      { status: 'ACCEPTED', at: at(1) },
      { status: 'COOKING', at: at(2) },
      { status: 'COOKED', at: at(3) },
      { status: 'DELIVERING', at: at(4) },
      { status: 'DELIVERED', at: at(5) },
    ]);
    expect(order.events.map((event) => event.eventType)).toEqual([
      'OrderAccepted',
      'CookingStarted',
      'CookingFinished',
      'DeliveryStarted',
      'DeliveryCompleted',
    ]);
    for (const event of order.events) {
      expect(parseEvent(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
      expect(event).toMatchObject({
        orderId: ORDER_ID,
        producer: 'store',
        payload: { storeId: '1', customerId: 'alice' },
      });
    }
    expect(order.events[3]?.payload).toEqual({ storeId: '1', customerId: 'alice', rider: 'rider-7' });
    expect(order.events[4]?.payload).toEqual({ storeId: '1', customerId: 'alice', rider: 'rider-7' });
    expect(order.events[1]?.occurredAt).toBe(at(2).toISOString());
  });

  it('starts a delivery without a rider, and then names none', () => {
    const order = orderIn('COOKED');
    order.startDelivery();
    order.completeDelivery();
    expect(order.snapshot().rider).toBeUndefined();
    expect(order.events.map((event) => event.payload)).toEqual([
      { storeId: '1', customerId: 'alice' },
      { storeId: '1', customerId: 'alice' },
    ]);
  });

  it('is rejected with a reason, which OrderRejected carries', () => {
    const order = received();
    order.reject('  sold out  ', at(1));
    expect(order.snapshot()).toMatchObject({ status: 'REJECTED', rejectionReason: 'sold out' });
    expect(order.events).toEqual([
      expect.objectContaining({
        eventType: 'OrderRejected',
        payload: { storeId: '1', customerId: 'alice', reason: 'sold out' },
      }),
    ]);
  });

  it('refuses a rejection without a reason', () => {
    const order = received();
    expect(() => order.reject('   ')).toThrow(InvalidStoreOrder);
    expect(() => order.perform('reject')).toThrow(/reason is required/);
    expect(order.status).toBe('RECEIVED');
    expect(order.events).toEqual([]);
  });

  describe.each(STORE_ORDER_STATUSES)('from %s', (status) => {
    it(`allows exactly ${ALLOWED[status].join(', ') || 'nothing'}`, () => {
      expect(allowedSteps(status)).toEqual(ALLOWED[status]);
      expect(orderIn(status).allowedSteps).toEqual(ALLOWED[status]);
    });

    const forbidden = STORE_ORDER_STEPS.filter((step) => !ALLOWED[status].includes(step));
    it.each(forbidden)('refuses %s, naming the status and the allowed next steps', (step: StoreOrderStep) => {
      const order = orderIn(status);
      const before = order.snapshot();
      const error = (() => {
        try {
          order.perform(step, { reason: 'because', rider: 'r' });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidStoreOrderTransition);
      const refused = error as InvalidStoreOrderTransition;
      expect(refused.code).toBe('STORE_ORDER.INVALID_TRANSITION');
      expect(refused.orderId).toBe(ORDER_ID);
      const allowed = ALLOWED[status].length > 0 ? ALLOWED[status].join(', ') : 'none';
      expect(refused.message).toBe(`Order ${ORDER_ID} is ${status}; allowed next: ${allowed} (cannot ${step})`);
      expect(order.snapshot()).toEqual(before);
      expect(order.events).toEqual([]);
    });

    for (const step of ALLOWED[status]) {
      it(`allows ${step}`, () => {
        const order = orderIn(status);
        order.perform(step, { reason: 'sold out' });
        expect(order.status).not.toBe(status);
        expect(order.events).toHaveLength(1);
      });
    }
  });

  describe('cancellation policy', () => {
    it.each(['RECEIVED', 'ACCEPTED', 'COOKING', 'COOKED'] as const)(
      'cancels a %s order with DeliveryCancelled(reason)',
      (status) => {
        const order = orderIn(status);
        const causationId = '0d4b7c1e-8a2f-4e6b-9c3d-5f7a9b1c3e5d';
        expect(order.cancel('changed my mind', at(9), causationId)).toEqual({ kind: 'cancelled', from: status });
        expect(order.snapshot()).toMatchObject({ status: 'CANCELLED', cancellationReason: 'changed my mind' });
        expect(order.snapshot().timeline.at(-1)).toEqual({ status: 'CANCELLED', at: at(9) });
        expect(order.events).toEqual([
          expect.objectContaining({
            eventType: 'DeliveryCancelled',
            causationId,
            payload: { storeId: '1', customerId: 'alice', reason: 'changed my mind' },
          }),
        ]);
        expect(order.allowedSteps).toEqual([]);
      },
    );

    it('recalls a DELIVERING order: CANCELLED with DeliveryCancelled("recalled: …")', () => {
      const order = orderIn('DELIVERING');
      expect(order.cancel('order cancelled: too slow')).toEqual({ kind: 'recalled' });
      expect(order.snapshot()).toMatchObject({
        status: 'CANCELLED',
        cancellationReason: 'recalled: order cancelled: too slow',
        rider: 'rider-7',
      });
      expect(order.events).toEqual([
        expect.objectContaining({
          eventType: 'DeliveryCancelled',
          payload: { storeId: '1', customerId: 'alice', reason: 'recalled: order cancelled: too slow' },
        }),
      ]);
    });

    it('keeps a recall reason within the schema limit', () => {
      const order = orderIn('DELIVERING');
      order.cancel('x'.repeat(500));
      const [event] = order.events;
      expect(parseEvent(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
      expect(order.snapshot().cancellationReason).toHaveLength(500);
    });

    it('cancels a DELIVERED order (refunded after the delivery): CANCELLED with DeliveryCancelled("after delivery: …"), the delivery kept in the timeline', () => {
      const order = orderIn('DELIVERED');
      const causationId = '0d4b7c1e-8a2f-4e6b-9c3d-5f7a9b1c3e5d';
      expect(order.cancel('changed my mind', at(9), causationId)).toEqual({ kind: 'cancelled_after_delivery' });
      expect(order.snapshot()).toMatchObject({
        status: 'CANCELLED',
        cancellationReason: 'after delivery: changed my mind',
        rider: 'rider-7',
      });
      expect(order.snapshot().timeline.map((entry) => entry.status)).toEqual([
        'RECEIVED',
        'ACCEPTED',
        'COOKING',
        'COOKED',
        'DELIVERING',
        'DELIVERED',
        'CANCELLED',
      ]);
      expect(order.snapshot().timeline.at(-1)).toEqual({ status: 'CANCELLED', at: at(9) });
      const [event] = order.events;
      expect(order.events).toEqual([
        expect.objectContaining({
          eventType: 'DeliveryCancelled',
          causationId,
          payload: { storeId: '1', customerId: 'alice', reason: 'after delivery: changed my mind' },
        }),
      ]);
      expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual({ ok: true, event });
      expect(order.allowedSteps).toEqual([]);
      // a second cancellation (OrderCancelled, then the PaymentCancelled of its refund) changes nothing
      order.committed(2);
      expect(order.cancel('order cancelled')).toEqual({ kind: 'unchanged', status: 'CANCELLED' });
      expect(order.events).toEqual([]);
    });

    it('keeps an after-delivery reason within the schema limit', () => {
      const order = orderIn('DELIVERED');
      order.cancel('x'.repeat(500));
      const [event] = order.events;
      expect(parseEvent(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
      expect(order.snapshot().cancellationReason).toHaveLength(500);
      expect(order.snapshot().cancellationReason).toMatch(/^after delivery: x+…$/);
    });

    it.each(['REJECTED', 'CANCELLED'] as const)('leaves a %s order unchanged', (status) => {
      const order = orderIn(status);
      const before = order.snapshot();
      expect(order.cancel('too late')).toEqual({ kind: 'unchanged', status });
      expect(order.snapshot()).toEqual(before);
      expect(order.events).toEqual([]);
    });
  });

  describe('tombstone (a cancellation that overtook the order)', () => {
    it('is CANCELLED from the start, records no event and allows no step', () => {
      const tombstone = StoreOrder.tombstone({ orderId: ORDER_ID, reason: 'changed my mind', customerId: 'alice' }, T0);
      expect(tombstone.isTombstone).toBe(true);
      expect(tombstone.snapshot()).toMatchObject({
        status: 'CANCELLED',
        customerId: 'alice',
        cancellationReason: 'changed my mind',
        items: [],
        timeline: [{ status: 'CANCELLED', at: T0 }],
      });
      expect(tombstone.snapshot().storeId).toBeUndefined();
      expect(tombstone.events).toEqual([]);
      expect(() => tombstone.accept()).toThrow(/is CANCELLED; allowed next: none \(cannot accept\)/);
      expect(tombstone.cancel('again')).toEqual({ kind: 'unchanged', status: 'CANCELLED' });
      expect(tombstone.events).toEqual([]);
    });

    it('survives a restore', () => {
      const tombstone = StoreOrder.tombstone({ orderId: ORDER_ID, reason: 'x', storeId: '1' }, T0);
      const restored = StoreOrder.restore(tombstone.snapshot());
      expect(restored.isTombstone).toBe(true);
      expect(restored.snapshot()).toEqual(tombstone.snapshot());
    });
  });

  it('hands out copies: changing a snapshot changes nothing', () => {
    const order = received();
    const snapshot = order.snapshot() as { items: { quantity: number }[]; timeline: unknown[] };
    snapshot.items[0].quantity = 99;
    snapshot.timeline.push({ status: 'DELIVERED', at: T0 });
    expect(order.snapshot().items[0]?.quantity).toBe(2);
    expect(order.snapshot().timeline).toHaveLength(1);
  });

  it('forgets its events and takes the stored version once committed', () => {
    const order = received();
    order.accept();
    order.committed(1);
    expect(order.events).toEqual([]);
    expect(order.version).toBe(1);
  });
});
