import { EventEnvelope, EventPayload, EventType, createEvent } from '@fooddelivery/contracts';

/** Events of one order for tests: fixed times (minute offsets from T0), the payloads a real run carries. */
export const ORDER_ID = '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
export const T0 = Date.parse('2025-05-01T12:00:00.000Z');

export const at = (minute: number) => new Date(T0 + minute * 60_000);
export const iso = (minute: number) => at(minute).toISOString();

const items = [
  { menuId: 'chicken', name: 'Fried chicken', quantity: 1, unitPrice: 18000 },
  { menuId: 'cola', name: 'Cola', quantity: 2, unitPrice: 2000 },
];

const DEFAULTS: { [T in EventType]: EventPayload<T> } = {
  OrderPlaced: { customerId: 'alice', storeId: '1', items, totalAmount: 22000 },
  PaymentApproved: { paymentId: 'pay-1', customerId: 'alice', storeId: '1', items, amount: 22000 },
  PaymentCancelled: { paymentId: 'pay-1', customerId: 'alice', storeId: '1', amount: 22000, reason: 'order cancelled' },
  OrderCancelled: { customerId: 'alice', storeId: '1', reason: 'changed my mind' },
  OrderAccepted: { storeId: '1', customerId: 'alice' },
  OrderRejected: { storeId: '1', customerId: 'alice', reason: 'sold out' },
  CookingStarted: { storeId: '1', customerId: 'alice' },
  CookingFinished: { storeId: '1', customerId: 'alice' },
  DeliveryStarted: { storeId: '1', customerId: 'alice', rider: 'Minsu' },
  DeliveryCompleted: { storeId: '1', customerId: 'alice', rider: 'Minsu' },
  DeliveryCancelled: { storeId: '1', customerId: 'alice', reason: 'the rider had an accident' },
  CouponIssued: { couponId: 'coupon-1', customerId: 'alice', discount: 3000, reason: 'welcome' },
};

const PRODUCER: Record<EventType, string> = {
  OrderPlaced: 'app',
  OrderCancelled: 'app',
  PaymentApproved: 'pay',
  PaymentCancelled: 'pay',
  CouponIssued: 'marketing',
  OrderAccepted: 'store',
  OrderRejected: 'store',
  CookingStarted: 'store',
  CookingFinished: 'store',
  DeliveryStarted: 'store',
  DeliveryCompleted: 'store',
  DeliveryCancelled: 'store',
};

export function orderEvent<T extends EventType>(
  eventType: T,
  minute: number,
  payload: Partial<EventPayload<T>> = {},
  orderId = ORDER_ID,
): EventEnvelope<T> {
  return createEvent(eventType, {
    orderId,
    producer: PRODUCER[eventType],
    occurredAt: at(minute),
    payload: { ...DEFAULTS[eventType], ...payload },
  });
}

/** The happy path: paid at 0, placed at 0.1, accepted 1, cooking 2–10, delivering 12–30. */
export function happyJourney(orderId = ORDER_ID) {
  return [
    orderEvent('PaymentApproved', 0, {}, orderId),
    orderEvent('OrderPlaced', 0.1, {}, orderId),
    orderEvent('OrderAccepted', 1, {}, orderId),
    orderEvent('CookingStarted', 2, {}, orderId),
    orderEvent('CookingFinished', 10, {}, orderId),
    orderEvent('DeliveryStarted', 12, {}, orderId),
    orderEvent('DeliveryCompleted', 30, {}, orderId),
  ];
}

export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}
