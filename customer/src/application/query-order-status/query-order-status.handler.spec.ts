import type { Caller } from '@fooddelivery/platform';
import { ORDER_ID, orderEvent } from '../../domain/order-events.fixture';
import { OrderStatusNotFound } from '../../domain/customer-center.errors';
import { replay } from '../../domain/order-status-view';
import { notificationFor } from '../../domain/notification';
import { InMemoryOrderStatusViews } from '../ports/in-memory-order-status.fake';
import { InMemoryNotifications } from '../ports/in-memory-notifications.fake';
import { QueryOrderStatusHandler } from './query-order-status.handler';

const ids = [
  '10000000-0000-4000-8000-000000000001',
  '20000000-0000-4000-8000-000000000002',
  '30000000-0000-4000-8000-000000000003',
];

async function setup() {
  const views = new InMemoryOrderStatusViews();
  const notifications = new InMemoryNotifications();
  const orders = [
    [ids[0], 'alice', '1', 0],
    [ids[1], 'bob', '2', 5],
    [ids[2], 'alice', '2', 10],
  ] as const;
  for (const [orderId, customerId, storeId, minute] of orders) {
    const event = orderEvent('OrderPlaced', minute, { customerId, storeId }, orderId);
    const view = replay([event])!;
    await views.saveApplying(view, undefined, event.eventId);
    await notifications.recordOnce(notificationFor(undefined, view, event, new Date(Date.UTC(2025, 0, 1, 0, minute)))!);
  }
  return new QueryOrderStatusHandler(views, notifications);
}

describe('QueryOrderStatusHandler', () => {
  it('lists a customer’s orders newest first, an owner’s store’s, everything for an admin, nothing for a service', async () => {
    const queries = await setup();
    const list = async (caller: Caller) => (await queries.listOrders(caller, 50)).map((view) => view.orderId);
    expect(await list({ sub: 'alice', role: 'customer' })).toEqual([ids[2], ids[0]]);
    expect(await list({ sub: 'owner2', role: 'owner', storeId: '2' })).toEqual([ids[2], ids[1]]);
    expect(await list({ sub: 'root', role: 'admin' })).toEqual([ids[2], ids[1], ids[0]]);
    expect(await list({ sub: 'app', role: 'service' })).toEqual([]);
    expect(await queries.listOrders({ sub: 'root', role: 'admin' }, 1)).toHaveLength(1);
  });

  it('shows an order to its customer and its store only', async () => {
    const queries = await setup();
    await expect(queries.getView({ sub: 'alice', role: 'customer' }, ids[0])).resolves.toMatchObject({
      status: 'PLACED',
    });
    await expect(queries.getView({ sub: 'owner1', role: 'owner', storeId: '1' }, ids[0])).resolves.toMatchObject({
      storeId: '1',
    });
    await expect(queries.getView({ sub: 'bob', role: 'customer' }, ids[0])).rejects.toThrow(OrderStatusNotFound);
    await expect(queries.getView({ sub: 'owner2', role: 'owner', storeId: '2' }, ids[0])).rejects.toThrow(
      OrderStatusNotFound,
    );
    await expect(queries.getView({ sub: 'alice', role: 'customer' }, ORDER_ID)).rejects.toThrow(OrderStatusNotFound);
  });

  it('lists the caller’s own notifications, newest first', async () => {
    const queries = await setup();
    expect((await queries.listNotifications({ sub: 'alice', role: 'customer' }, 50)).map((n) => n.orderId)).toEqual([
      ids[2],
      ids[0],
    ]);
    expect(await queries.listNotifications({ sub: 'root', role: 'admin' }, 50)).toHaveLength(3);
  });
});
