import { parseEvent } from '@fooddelivery/contracts';
import { eventually, readTopic } from '../support/kafka';
import { TestStack, call, login } from '../support/stack';

/**
 * Issue #5 through the gateway: all six services. marketing only subscribes; the gateway reaches it
 * by its routing table; customer shows its coupons without marketing calling it.
 */
const STEPS = ['accept', 'start-cooking', 'finish-cooking', 'start-delivery', 'complete-delivery'];

let stack: TestStack;
let bob: string;
let owner2: string;

beforeAll(async () => {
  stack = await TestStack.start({
    services: ['gateway', 'app', 'pay', 'store', 'customer', 'marketing'],
    basePort: 19380,
    env: { marketing: { COUPON_LOYALTY_EVERY: '2' } },
  });
  [bob, owner2] = await Promise.all(['bob', 'owner2'].map((user) => login(stack, user)));
});

afterAll(async () => {
  await stack?.stop();
});

async function deliveredPizza(): Promise<string> {
  const placed = await call(stack.url('/orders'), { token: bob, body: { item: 'pizza', storeId: '2' } });
  expect(placed.status).toBe(201);
  const orderId = placed.body.orderId as string;
  await eventually(async () => (await call(stack.url(`/store-orders/${orderId}`), { token: owner2 })).body?.status === 'RECEIVED', 30_000, 'the store order');
  for (const action of STEPS) expect((await call(stack.url(`/store-orders/${orderId}/${action}`), { token: owner2, body: {} })).status).toBe(200);
  return orderId;
}

describe('marketing joins by subscribing only', () => {
  it('recommends popular menus to a customer without history, then their own', async () => {
    const cold = await call(stack.url('/recommendations'), { token: bob });
    expect(cold).toMatchObject({ status: 200, body: { basis: 'popular' } });

    const first = await deliveredPizza();
    const welcome = await eventually(
      async () => (await call(stack.url('/coupons'), { token: bob })).body?.length === 1,
      30_000,
      'the welcome coupon',
    ).then(() => call(stack.url('/coupons'), { token: bob }));
    expect(welcome.body).toEqual([expect.objectContaining({ kind: 'WELCOME', orderId: first, customerId: 'bob' })]);

    // the customer's view and notifications show it, though marketing never called customer
    await eventually(
      async () => ((await call(stack.url(`/order-status/${first}`), { token: bob })).body?.coupons ?? []).length === 1,
      30_000,
      'the coupon in the order view',
    );
    await eventually(
      async () =>
        ((await call(stack.url('/notifications'), { token: bob })).body as { orderId: string; message: string }[]).some(
          (n) => n.orderId === first && /coupon/i.test(n.message),
        ),
      30_000,
      'the coupon notification',
    );

    const warm = await eventually(
      async () => (await call(stack.url('/recommendations'), { token: bob })).body?.basis === 'history',
      30_000,
      'recommendations from history',
    ).then(() => call(stack.url('/recommendations'), { token: bob }));
    expect(warm.body.menus[0]).toMatchObject({ name: 'Pizza', basis: 'reorder' });
  });

  it('issues a loyalty coupon at every Nth delivery, once, as a valid CouponIssued on the stream', async () => {
    const second = await deliveredPizza();
    await eventually(async () => (await call(stack.url('/coupons'), { token: bob })).body?.length === 2, 30_000, 'the loyalty coupon');
    const coupons = (await call(stack.url('/coupons'), { token: bob })).body as { kind: string; orderId: string }[];
    expect(coupons.find((coupon) => coupon.kind === 'LOYALTY')?.orderId).toBe(second);

    const issued = (await readTopic(stack.kafka, stack.topic, 10_000, 5000)).filter((m) => m.headers.eventType === 'CouponIssued');
    expect(issued).toHaveLength(2);
    for (const message of issued) expect(parseEvent(JSON.parse(message.value))).toMatchObject({ ok: true, event: { payload: { customerId: 'bob' } } });
  });
});
