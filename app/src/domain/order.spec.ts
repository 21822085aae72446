import { parseEvent } from '@fooddelivery/contracts';
import { Order } from './order';
import { OrderNotCancellable } from './order.errors';
import { priceOrder, Store } from './catalog';

const store: Store = {
  storeId: '1',
  name: 'Chicken',
  category: 'chicken',
  menu: [
    { menuId: 'chicken', name: 'Chicken', price: 18000 },
    { menuId: 'cola', name: 'Cola', price: 2000 },
  ],
};

function newOrder(): Order {
  const lines = priceOrder(store, [{ name: 'chicken', quantity: 2 }, { menuId: 'cola', quantity: 1 }]);
  return Order.create({ orderId: 'b7c9c3a4-1b0e-4e0f-9a43-5d7b5f0b9d11', customerId: 'alice', storeId: '1', lines });
}

describe('Order', () => {
  it('waits for its payment, then is placed with a valid OrderPlaced', () => {
    const order = newOrder();
    expect(order.status).toBe('PAYMENT_PENDING');
    expect(order.snapshot().totalAmount).toBe(38000);
    expect(order.pullEvents()).toEqual([]);

    order.place('pay-1');
    expect(order.status).toBe('PLACED');
    const [event, ...rest] = order.pullEvents();
    expect(rest).toEqual([]);
    expect(parseEvent(event)).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      eventType: 'OrderPlaced',
      orderId: order.id,
      producer: 'app',
      payload: { customerId: 'alice', storeId: '1', totalAmount: 38000 },
    });
  });

  it('records a failed payment, and asks for reconciliation only when pay may have charged', () => {
    const declined = newOrder();
    declined.failPayment('declined', false);
    expect(declined.snapshot()).toMatchObject({ status: 'PAYMENT_FAILED', reconciliation: 'NOT_NEEDED' });

    const timedOut = newOrder();
    timedOut.failPayment('timeout', true);
    expect(timedOut.snapshot()).toMatchObject({ status: 'PAYMENT_FAILED', reconciliation: 'PENDING' });
    timedOut.markReconciled();
    expect(timedOut.snapshot().reconciliation).toBe('DONE');
    expect(timedOut.pullEvents()).toEqual([]);
  });

  it('can be placed or failed only while waiting for its payment', () => {
    const order = newOrder();
    order.place('pay-1');
    expect(() => order.failPayment('late', true)).toThrow(/PLACED/);
    expect(() => order.place('pay-2')).toThrow(/PLACED/);
  });

  it('is cancelled before delivery with an OrderCancelled, but not once it failed or was cancelled', () => {
    const order = newOrder();
    order.place('pay-1');
    order.pullEvents();
    order.cancel('changed my mind');
    expect(order.status).toBe('CANCELLED');
    expect(order.pullEvents()).toEqual([
      expect.objectContaining({ eventType: 'OrderCancelled', payload: { customerId: 'alice', storeId: '1', reason: 'changed my mind' } }),
    ]);
    expect(() => order.cancel('again')).toThrow(OrderNotCancellable);

    const failed = newOrder();
    failed.failPayment('declined', false);
    expect(() => failed.cancel('x')).toThrow(OrderNotCancellable);
  });

  it.each(['DELIVERING', 'DELIVERED', 'REJECTED'] as const)('cannot be cancelled when %s', (status) => {
    const order = Order.restore({ ...newOrder().snapshot(), status });
    expect(() => order.cancel('late')).toThrow(/can no longer be cancelled/);
  });

  it('moves to the next version once saved', () => {
    const order = newOrder();
    order.markSaved();
    expect(order.version).toBe(1);
  });
});

describe('Order progress from store events', () => {
  const placed = () => {
    const order = newOrder();
    order.place('pay-1');
    order.pullEvents();
    return order;
  };

  it('moves only forward, so late and repeated events change nothing', () => {
    const order = placed();
    expect(order.advance('COOKING')).toBe(true);
    expect(order.advance('ACCEPTED')).toBe(false);
    expect(order.advance('COOKING')).toBe(false);
    expect(order.status).toBe('COOKING');
    expect(order.canBeCancelled()).toBe(true);
    expect(order.advance('DELIVERING')).toBe(true);
    expect(order.canBeCancelled()).toBe(false);
    expect(() => order.cancel('too late')).toThrow(/DELIVERING and can no longer be cancelled/);
  });

  it('leaves cancelled, rejected and unpaid orders alone', () => {
    const cancelled = placed();
    cancelled.cancel('no');
    expect(cancelled.advance('DELIVERING')).toBe(false);
    expect(cancelled.markRejected()).toBe(false);
    expect(cancelled.status).toBe('CANCELLED');

    const failed = newOrder();
    failed.failPayment('declined', false);
    expect(failed.advance('ACCEPTED')).toBe(false);
  });

  it('is rejected before delivery, and cancelled elsewhere (recall, refund) even once delivered', () => {
    const rejected = placed();
    expect(rejected.markRejected()).toBe(true);
    expect(rejected.status).toBe('REJECTED');

    const recalled = placed();
    recalled.advance('DELIVERING');
    expect(recalled.markCancelledElsewhere('recalled')).toBe(true);
    expect(recalled.status).toBe('CANCELLED');
    expect(recalled.pullEvents()).toEqual([]);

    const delivered = placed();
    delivered.advance('DELIVERED');
    expect(delivered.markRejected()).toBe(false);
    expect(delivered.markCancelledElsewhere('payment refunded: by an admin')).toBe(true);
    expect(delivered.snapshot()).toMatchObject({ status: 'CANCELLED', failureReason: 'payment refunded: by an admin' });
    expect(delivered.pullEvents()).toEqual([]);
    expect(delivered.markCancelledElsewhere('store: after delivery: by an admin')).toBe(false);
    expect(delivered.advance('DELIVERED')).toBe(false);
  });

  it('stays CANCELLED when the delivery it raced completes after the customer cancelled', () => {
    const order = placed();
    order.advance('COOKING');
    order.cancel('changed my mind');
    expect(order.pullEvents().map((event) => event.eventType)).toEqual(['OrderCancelled']);
    for (const progress of ['DELIVERING', 'DELIVERED'] as const) expect(order.advance(progress)).toBe(false);
    expect(order.markCancelledElsewhere('store: after delivery: changed my mind')).toBe(false);
    expect(order.status).toBe('CANCELLED');
    expect(order.pullEvents()).toEqual([]);
  });
});
