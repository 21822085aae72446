import pino from 'pino';
import { Order } from '../../domain/order';
import { InMemoryOrders } from '../ports/in-memory-orders.fake';
import { TrackOrderHandler } from './track-order.handler';

async function placedOrder(orders: InMemoryOrders): Promise<Order> {
  const order = Order.create({ orderId: 'o-1', customerId: 'alice', storeId: '1', lines: [{ menuId: 'chicken', name: 'Chicken', quantity: 1, unitPrice: 18000 }] });
  await orders.insert(order);
  const loaded = (await orders.findById('o-1'))!;
  loaded.place('p-1');
  await orders.save(loaded);
  return loaded;
}

describe('TrackOrderHandler', () => {
  it('applies each event once and only forward', async () => {
    const orders = new InMemoryOrders();
    await placedOrder(orders);
    const track = new TrackOrderHandler(orders, pino({ level: 'silent' }));
    expect(await track.execute('o-1', 'e-1', { kind: 'progress', status: 'COOKING' })).toBe('applied');
    expect(await track.execute('o-1', 'e-1', { kind: 'progress', status: 'COOKING' })).toBe('duplicate');
    expect(await track.execute('o-1', 'e-0', { kind: 'progress', status: 'ACCEPTED' })).toBe('ignored');
    expect((await orders.findById('o-1'))!.status).toBe('COOKING');
    expect(await track.execute('o-1', 'e-2', { kind: 'rejected', reason: 'closed' })).toBe('applied');
    expect((await orders.findById('o-1'))!.status).toBe('REJECTED');
    expect(await track.execute('o-9', 'e-3', { kind: 'progress', status: 'COOKING' })).toBe('unknown_order');
  });

  it.each([
    ['PaymentCancelled', 'payment refunded: by an admin'],
    ['DeliveryCancelled', 'store: after delivery: changed my mind'],
  ])('cancels a DELIVERED order on %s (its payment was refunded)', async (_event, reason) => {
    const orders = new InMemoryOrders();
    await placedOrder(orders);
    const track = new TrackOrderHandler(orders, pino({ level: 'silent' }));
    expect(await track.execute('o-1', 'e-1', { kind: 'progress', status: 'DELIVERED' })).toBe('applied');
    expect(await track.execute('o-1', 'e-2', { kind: 'cancelledElsewhere', reason })).toBe('applied');
    expect((await orders.findById('o-1'))!.snapshot()).toMatchObject({ status: 'CANCELLED', failureReason: reason });
    // the other of the two (the refund and the store's cancellation) changes nothing more
    expect(await track.execute('o-1', 'e-3', { kind: 'cancelledElsewhere', reason: 'again' })).toBe('ignored');
    expect(await track.execute('o-1', 'e-2', { kind: 'cancelledElsewhere', reason })).toBe('duplicate');
  });

  it('keeps an order the customer cancelled CANCELLED when the delivery it raced completes', async () => {
    const orders = new InMemoryOrders();
    const order = await placedOrder(orders);
    order.cancel('changed my mind');
    await orders.save(order);
    const track = new TrackOrderHandler(orders, pino({ level: 'silent' }));
    expect(await track.execute('o-1', 'e-1', { kind: 'progress', status: 'DELIVERING' })).toBe('ignored');
    expect(await track.execute('o-1', 'e-2', { kind: 'progress', status: 'DELIVERED' })).toBe('ignored');
    expect(
      await track.execute('o-1', 'e-3', { kind: 'cancelledElsewhere', reason: 'store: after delivery: changed my mind' }),
    ).toBe('ignored');
    expect((await orders.findById('o-1'))!.status).toBe('CANCELLED');
  });
});
