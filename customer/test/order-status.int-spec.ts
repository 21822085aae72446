import { randomUUID } from 'node:crypto';
import { happyJourney, orderEvent } from '../src/domain/order-events.fixture';
import { eventually } from '../../test/support/kafka';
import { CustomerUnderTest, SseClient, StatusBody } from './customer-test-kit';

/**
 * customer as a real process (port 18484) on the real Kafka and FerretDB/MongoDB: events published on
 * its own topic as the other services publish them; reads over HTTP with tokens signed like the gateway's.
 */
// info: the log notifier's lines are checked; a short heartbeat so a test can see one
const customer = new CustomerUnderTest(18484, { LOG_LEVEL: 'info', STREAM_HEARTBEAT_INTERVAL_MS: '1000' });
let alice: string;
let bob: string;
let owner1: string;
let owner2: string;
let admin: string;

const newOrder = () => randomUUID();
const statusOf = (body: StatusBody) => body.timeline.map((entry) => entry.status);
const notificationsOf = (token: string, orderId: string) => customer.notificationsOf(token, orderId);

beforeAll(async () => {
  await customer.start();
  alice = customer.token('alice', 'customer');
  bob = customer.token('bob', 'customer');
  owner1 = customer.token('owner1', 'owner', '1');
  owner2 = customer.token('owner2', 'owner', '2');
  admin = customer.token('admin', 'admin');
});

afterAll(async () => {
  await customer.dispose();
});

describe('the order-status view', () => {
  it('follows a whole journey: every status in order, the timeline, and a notification per status', async () => {
    const orderId = newOrder();
    await customer.publish(...happyJourney(orderId));

    const view = await customer.waitFor(
      `/order-status/${orderId}`,
      alice,
      (body) => body.status === 'DELIVERED',
      'DELIVERED',
    );
    expect(view).toMatchObject({
      orderId,
      status: 'DELIVERED',
      paymentState: 'APPROVED',
      customerId: 'alice',
      storeId: '1',
      totalAmount: 22000,
      rider: 'Minsu',
      revision: 7,
      coupons: [],
    });
    expect(view.items).toEqual([
      { menuId: 'chicken', name: 'Fried chicken', quantity: 1, unitPrice: 18000 },
      { menuId: 'cola', name: 'Cola', quantity: 2, unitPrice: 2000 },
    ]);
    expect(view.timeline.map((entry) => entry.eventType)).toEqual([
      'PaymentApproved',
      'OrderPlaced',
      'OrderAccepted',
      'CookingStarted',
      'CookingFinished',
      'DeliveryStarted',
      'DeliveryCompleted',
    ]);
    expect(statusOf(view)).toEqual(['PAID', 'PLACED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED']);
    expect(view.timeline[6]).toEqual({
      status: 'DELIVERED',
      at: '2025-05-01T12:30:00.000Z',
      eventType: 'DeliveryCompleted',
    });

    await eventually(
      async () => (await notificationsOf(alice, orderId)).filter((n) => n.state === 'SENT').length === 6,
      30_000,
      'six SENT notifications',
    );
    const notifications = await notificationsOf(alice, orderId);
    expect(notifications.map((n) => n.message).reverse()).toEqual([
      `Your order #${orderId.slice(0, 8)} was placed (22,000 won)`,
      `Your order #${orderId.slice(0, 8)} was accepted by the store`,
      `Your order #${orderId.slice(0, 8)} is being cooked`,
      `Your order #${orderId.slice(0, 8)} is cooked and waiting for its rider`,
      `Your order #${orderId.slice(0, 8)} is on its way with Minsu`,
      `Your order #${orderId.slice(0, 8)} was delivered. Enjoy your meal!`,
    ]);
    for (const notification of notifications)
      expect(notification).toMatchObject({ state: 'SENT', attempts: 1, sentAt: expect.any(String) });

    // the log notifier wrote one line per notification, carrying the orderId
    const lines = customer
      .service!.output()
      .split('\n')
      .filter((line) => line.includes('"component":"notifier"') && line.includes(orderId));
    expect(lines).toHaveLength(6);

    const metrics = (await customer.get('/metrics')).body as string;
    expect(
      Number(/notifications_total\{state="SENT",service="customer"\} (\d+)/.exec(metrics)?.[1]),
    ).toBeGreaterThanOrEqual(6);
    expect(metrics).toMatch(/notifications_total\{state="PENDING",service="customer"\} \d+/);
  });

  it('applies an event published twice once: one timeline entry, one notification', async () => {
    const orderId = newOrder();
    const placed = orderEvent('OrderPlaced', 0, {}, orderId);
    const accepted = orderEvent('OrderAccepted', 1, {}, orderId);
    await customer.publish(placed, placed, accepted);
    await customer.publish(accepted);
    await customer.publish(orderEvent('CookingStarted', 2, {}, orderId)); // same partition: the duplicates came before

    const view = await customer.waitFor(
      `/order-status/${orderId}`,
      alice,
      (body) => body.status === 'COOKING',
      'COOKING',
    );
    expect(statusOf(view)).toEqual(['PLACED', 'ACCEPTED', 'COOKING']);
    expect(view.revision).toBe(3);
    await eventually(async () => (await notificationsOf(alice, orderId)).length === 3, 20_000, 'three notifications');
    expect((await notificationsOf(alice, orderId)).map((n) => n.status).sort()).toEqual([
      'ACCEPTED',
      'COOKING',
      'PLACED',
    ]);
  });

  it('ends right when DeliveryStarted overtakes CookingFinished, and tells the customer nothing stale', async () => {
    const orderId = newOrder();
    await customer.publish(
      orderEvent('OrderPlaced', 0, {}, orderId),
      orderEvent('OrderAccepted', 1, {}, orderId),
      orderEvent('CookingStarted', 2, {}, orderId),
      orderEvent('DeliveryStarted', 12, {}, orderId),
      orderEvent('CookingFinished', 10, {}, orderId),
    );
    const delivering = await customer.waitFor(
      `/order-status/${orderId}`,
      alice,
      (body) => body.revision === 5,
      'five events applied',
    );
    expect(delivering.status).toBe('DELIVERING');
    expect(statusOf(delivering)).toEqual(['PLACED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING']);

    await customer.publish(orderEvent('DeliveryCompleted', 30, {}, orderId));
    await customer.waitFor(`/order-status/${orderId}`, alice, (body) => body.status === 'DELIVERED', 'DELIVERED');
    await eventually(async () => (await notificationsOf(alice, orderId)).length === 5, 20_000, 'five notifications');
    expect((await notificationsOf(alice, orderId)).map((n) => n.status).reverse()).toEqual([
      'PLACED',
      'ACCEPTED',
      'COOKING',
      'DELIVERING',
      'DELIVERED',
    ]);
  });

  it('records a cancellation, its refund and a coupon with their messages', async () => {
    const orderId = newOrder();
    await customer.publish(
      orderEvent('OrderPlaced', 0, { totalAmount: 18000 }, orderId),
      orderEvent('OrderCancelled', 1, {}, orderId),
      orderEvent('PaymentCancelled', 2, { amount: 18000 }, orderId),
      orderEvent('CouponIssued', 3, { couponId: `coupon-${orderId}` }, orderId),
    );
    const view = await customer.waitFor(
      `/order-status/${orderId}`,
      alice,
      (body) => body.coupons.length === 1,
      'the coupon',
    );
    expect(view).toMatchObject({
      status: 'CANCELLED',
      statusReason: 'changed my mind',
      paymentState: 'REFUNDED',
      refundedAmount: 18000,
    });
    await eventually(async () => (await notificationsOf(alice, orderId)).length === 4, 20_000, 'four notifications');
    expect((await notificationsOf(alice, orderId)).map((n) => n.message).reverse()).toEqual([
      `Your order #${orderId.slice(0, 8)} was placed (18,000 won)`,
      `Your order #${orderId.slice(0, 8)} was cancelled: changed my mind`,
      `Your order #${orderId.slice(0, 8)} was cancelled and 18,000 won refunded`,
      'You received a coupon: 3,000 won off (welcome)',
    ]);
  });
});

describe('access', () => {
  let orderId: string;
  beforeAll(async () => {
    orderId = newOrder();
    await customer.publish(orderEvent('OrderPlaced', 0, {}, orderId));
    await customer.waitFor(`/order-status/${orderId}`, alice, () => true, 'the view');
  });

  it('shows an order to its customer, the owner of its store and admins; 404 to anyone else', async () => {
    expect((await customer.get(`/order-status/${orderId}`, alice)).status).toBe(200);
    expect((await customer.get(`/order-status/${orderId}`, owner1)).status).toBe(200);
    expect((await customer.get(`/order-status/${orderId}`, admin)).status).toBe(200);
    const hidden = await customer.get(`/order-status/${orderId}`, bob);
    expect(hidden).toMatchObject({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: expect.stringContaining(orderId) },
    });
    expect((await customer.get(`/order-status/${orderId}`, owner2)).status).toBe(404);
    expect((await customer.get(`/order-status/${randomUUID()}`, alice)).status).toBe(404);
    expect((await customer.get(`/order-status/${orderId}`)).status).toBe(401);
    expect((await customer.get(`/order-status/${orderId}/stream`, bob)).status).toBe(404);
    expect((await customer.get(`/order-status/${orderId}/stream`, owner2)).status).toBe(404);
  });

  it('lists each customer’s own orders, newest first', async () => {
    const later = newOrder();
    await customer.publish(orderEvent('OrderPlaced', 60, {}, later));
    await customer.waitFor(`/order-status/${later}`, alice, () => true, 'the later view');
    const mine = (await customer.get<StatusBody[]>('/my-orders', alice)).body;
    expect(mine.every((view) => view.customerId === 'alice')).toBe(true);
    expect(mine[0]?.orderId).toBe(later);
    expect(mine.map((view) => view.orderId)).toContain(orderId);
    const times = mine.map((view) => Date.parse(view.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((await customer.get<StatusBody[]>('/my-orders', bob)).body.length).toBe(0);
    expect((await customer.get<StatusBody[]>('/my-orders', owner2)).body.length).toBe(0);
    expect((await customer.get('/my-orders?limit=0', alice)).status).toBe(400);
    expect((await customer.get<unknown[]>('/notifications', bob)).body.length).toBe(0);
  });
});

describe('GET /order-status/:id/stream', () => {
  it('sends the current view, then every change as it happens, and ends after the last status', async () => {
    const orderId = newOrder();
    const [approved, placed, ...progress] = happyJourney(orderId);
    await customer.publish(approved, placed);
    await customer.waitFor(`/order-status/${orderId}`, alice, (body) => body.revision === 2, 'the placed order');

    const stream = await new SseClient().open(customer.url(`/order-status/${orderId}/stream`), alice);
    try {
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      const [first] = await stream.waitForViews(1, 'the current view');
      expect(first).toMatchObject({ orderId, status: 'PLACED', revision: 2 });
      expect(stream.messages[0]).toMatchObject({ id: '2', retry: 3000 });
      await eventually(
        () => stream.messages.some((message) => message.comment === 'heartbeat'),
        20_000,
        'a heartbeat comment',
      );
      expect(stream.views()).toHaveLength(1);

      const seen = ['PLACED'];
      for (const event of progress) {
        await customer.publish(event);
        const views = await stream.waitForViews(seen.length + 1, `the change after ${event.eventType}`);
        seen.push(views[seen.length]?.status ?? 'none');
      }
      expect(seen).toEqual(['PLACED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED']);
      await stream.waitForEnd();
      expect(stream.views().map((view) => view.revision)).toEqual([2, 3, 4, 5, 6, 7]);
      expect(stream.messages.filter((message) => message.data).map((message) => message.id)).toEqual([
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
      ]);
      expect(stream.views()[5]?.timeline).toHaveLength(7);
    } finally {
      await stream.close();
    }

    // an EventSource reconnects after the end with the last id it saw: 204 tells it to stop
    const again = await new SseClient().open(customer.url(`/order-status/${orderId}/stream`), alice, {
      'last-event-id': '7',
    });
    expect(again.status).toBe(204);
    await again.close();
    const fresh = await new SseClient().open(customer.url(`/order-status/${orderId}/stream`), owner1);
    await fresh.waitForEnd();
    expect(fresh.views().map((view) => view.status)).toEqual(['DELIVERED']);
  });
});

describe('a restart', () => {
  it('catches up from the committed offsets with what was published while it was down', async () => {
    const orderId = newOrder();
    const journey = happyJourney(orderId);
    await customer.publish(...journey.slice(0, 3));
    await customer.waitFor(`/order-status/${orderId}`, alice, (body) => body.status === 'ACCEPTED', 'ACCEPTED');

    expect(await customer.stop()).toBe(0);
    await customer.publish(...journey.slice(3, 5));
    await customer.publish(...journey.slice(5));
    await customer.start();

    const view = await customer.waitFor(
      `/order-status/${orderId}`,
      alice,
      (body) => body.status === 'DELIVERED',
      'DELIVERED after the restart',
    );
    expect(view.revision).toBe(7);
    expect(statusOf(view)).toEqual(['PAID', 'PLACED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED']);
    await eventually(
      async () => (await notificationsOf(alice, orderId)).filter((n) => n.state === 'SENT').length === 6,
      30_000,
      'every notification SENT',
    );
  });
});
