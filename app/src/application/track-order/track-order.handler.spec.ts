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
});
