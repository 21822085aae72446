import { createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { generateSigningKeySync } from '@fooddelivery/platform';
import { parseEvent } from '@fooddelivery/contracts';
import { eventually, readTopic } from '../support/kafka';
import { TestStack, call, login } from '../support/stack';

/**
 * Issue #3 through the gateway, on the real stack: gateway + app (FerretDB) + pay (PostgreSQL or
 * SQLite) + Kafka, each a real process. pay's approval limit is low so a decline is easy to cause;
 * app's breaker is tuned small so it opens and recovers within a test.
 */
const PAY_TIMEOUT_MS = 600;
const RESET_TIMEOUT_MS = 2500;

let stack: TestStack;
let alice: string;
let bob: string;
let owner1: string;
let admin: string;

beforeAll(async () => {
  stack = await TestStack.start({
    services: ['gateway', 'app', 'pay'],
    basePort: 19180,
    env: {
      app: {
        PAY_TIMEOUT_MS: String(PAY_TIMEOUT_MS),
        PAY_BREAKER_VOLUME_THRESHOLD: '3',
        PAY_BREAKER_ERROR_THRESHOLD_PERCENT: '50',
        PAY_BREAKER_RESET_TIMEOUT_MS: String(RESET_TIMEOUT_MS),
        RECONCILE_INTERVAL_MS: '1000',
      },
      pay: { PAY_APPROVAL_LIMIT: '100000' },
    },
  });
  [alice, bob, owner1, admin] = await Promise.all(['alice', 'bob', 'owner1', 'admin'].map((user) => login(stack, user)));
});

afterAll(async () => {
  await stack?.stop();
});

const order = (token: string, body: unknown) => call(stack.url('/orders'), { token, body });
// as the admin screen reads it: through the gateway (app's readiness details show the same)
const breakerState = async () => ((await call(stack.url('/admin/app/pay-breaker'), { token: admin })).body as { state: string }).state;
const setPayGateway = async (settings: Record<string, unknown>) => {
  const answer = await call(stack.url('/admin/pay/gateway'), { method: 'PUT', token: admin, body: settings });
  expect(answer.status).toBe(200);
};

describe('placing an order through the gateway', () => {
  it('lists stores and menus', async () => {
    const stores = await call(stack.url('/stores'), { token: alice });
    expect(stores.status).toBe(200);
    expect(stores.body.map((store: { storeId: string }) => store.storeId)).toEqual(expect.arrayContaining(['1', '2', '3']));
    const menu = await call(stack.url('/stores/2/menu'), { token: alice });
    expect(menu.body.menu).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Pizza', price: 21000 })]));
    expect((await call(stack.url('/stores/99/menu'), { token: alice })).status).toBe(404);
  });

  it('places orders with the httpie shorthand and the full form; PaymentApproved is on the topic, keyed by orderId', async () => {
    const shorthand = await order(alice, { item: 'chicken', storeId: '1' });
    expect(shorthand.status).toBe(201);
    expect(shorthand.body).toMatchObject({
      status: 'PLACED',
      storeId: '1',
      totalAmount: 18000,
      items: [{ menuId: 'chicken', name: 'Chicken', quantity: 1, unitPrice: 18000 }],
    });
    const full = await order(alice, { storeId: '2', items: [{ menuId: 'pizza', quantity: 2 }, { menuId: 'garlic-bread', quantity: 1 }] });
    expect(full.status).toBe(201);
    expect(full.body).toMatchObject({ status: 'PLACED', totalAmount: 2 * 21000 + 5000 });

    const messages = await readTopic(stack.kafka, stack.topic, 4);
    for (const placed of [shorthand.body, full.body]) {
      const approved = messages.find((message) => message.key === placed.orderId && message.headers.eventType === 'PaymentApproved');
      expect(approved).toBeDefined();
      const parsed = parseEvent(JSON.parse(approved!.value));
      expect(parsed).toMatchObject({ ok: true, event: { orderId: placed.orderId, payload: { customerId: 'alice', amount: placed.totalAmount } } });
      expect(messages.some((message) => message.key === placed.orderId && message.headers.eventType === 'OrderPlaced')).toBe(true);
    }

    const mine = await call(stack.url('/orders'), { token: alice });
    expect(mine.body.map((o: { orderId: string }) => o.orderId)).toEqual(expect.arrayContaining([shorthand.body.orderId, full.body.orderId]));
  });

  it('answers a repeated Idempotency-Key with the same order and charges once (a client retrying after a lost answer)', async () => {
    const key = `retry-${crypto.randomUUID()}`;
    const headers = { 'idempotency-key': key };
    const first = await call(stack.url('/orders'), { token: alice, body: { item: 'chicken', storeId: '1' }, headers });
    const again = await call(stack.url('/orders'), { token: alice, body: { item: 'chicken', storeId: '1' }, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.orderId).toBe(first.body.orderId);
    const other = await call(stack.url('/orders'), { token: alice, body: { item: 'chicken', storeId: '1', quantity: 2 }, headers });
    expect(other.status).toBe(422);
    const bad = await call(stack.url('/orders'), { token: alice, body: { item: 'chicken', storeId: '1' }, headers: { 'idempotency-key': 'no spaces allowed' } });
    expect(bad.status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const approvals = (await readTopic(stack.kafka, stack.topic, 1000, 5000)).filter(
      (message) => message.key === first.body.orderId && message.headers.eventType === 'PaymentApproved',
    );
    expect(approvals).toHaveLength(1);
  });

  it('declines over the approval limit with 402 and places nothing; a repeated payment request charges once', async () => {
    const declined = await order(alice, { item: 'chicken', storeId: '1', quantity: 10 });
    expect(declined.status).toBe(402);
    expect(declined.body.message).toMatch(/declined/i);
    const orders = await call(stack.url('/orders'), { token: alice });
    expect(orders.body.find((o: { totalAmount: number }) => o.totalAmount === 180000)).toMatchObject({ status: 'PAYMENT_FAILED' });

    const request = {
      orderId: crypto.randomUUID(),
      customerId: 'alice',
      storeId: '1',
      items: [{ menuId: 'chicken', name: 'Chicken', quantity: 1, unitPrice: 18000 }],
      amount: 18000,
    };
    const first = await call(stack.url('/payments'), { token: admin, body: request });
    const second = await call(stack.url('/payments'), { token: admin, body: request });
    expect(first.status).toBe(201);
    expect([200, 201]).toContain(second.status);
    expect(second.body.paymentId).toBe(first.body.paymentId);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const approvals = (await readTopic(stack.kafka, stack.topic, 1000, 5000)).filter(
      (message) => message.key === request.orderId && message.headers.eventType === 'PaymentApproved',
    );
    expect(approvals).toHaveLength(1);
    // cancel it again so the platform-wide invariant below still holds for this test's payment
    expect((await call(stack.url(`/payments/${request.orderId}/cancel`), { token: admin, body: {} })).status).toBe(200);
  });
});

describe('identity and access', () => {
  const gatewayKid = () => stack.tokens.keys[0].kid;
  const hmacFromPublicKey = (claims: object) => {
    // the classic key-confusion attack: the published RSA key, used as an HMAC secret
    const publicPem = createPublicKey(stack.tokens.keys[0].privateKey).export({ type: 'spki', format: 'pem' });
    return jwt.sign(claims, publicPem, { algorithm: 'HS256', keyid: gatewayKid(), issuer: 'fooddelivery-gateway', audience: 'fooddelivery', expiresIn: 600 });
  };

  it('refuses missing, forged, alg:none, HS256-from-the-public-key, expired and wrong-audience tokens with 401', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: gatewayKid() })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'alice', role: 'admin', iss: 'fooddelivery-gateway', aud: 'fooddelivery', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    const otherKey = generateSigningKeySync();
    const tokens = [
      undefined,
      // another key, under its own kid and under the gateway's kid
      stack.tokens.sign({ sub: 'alice', role: 'admin' }, { key: otherKey }),
      stack.tokens.sign({ sub: 'alice', role: 'admin' }, { key: otherKey, kid: gatewayKid() }),
      `${header}.${payload}.`,
      hmacFromPublicKey({ sub: 'alice', role: 'admin' }),
      stack.tokens.sign({ sub: 'alice', role: 'customer' }, { expiresInSeconds: -10 }),
      stack.tokens.sign({ sub: 'alice', role: 'customer' }, { audience: 'another-platform' }),
      stack.tokens.sign({ sub: 'alice', role: 'customer' }, { issuer: 'someone-else' }),
      // the gateway never issues service tokens; app's issuer signed with the gateway's key is not app
      stack.tokens.sign({ sub: 'app', role: 'service' }),
      stack.tokens.sign({ sub: 'app', role: 'service' }, { issuer: 'fooddelivery-app' }),
      'not.a.token',
    ];
    for (const token of tokens) {
      for (const path of ['/orders', '/stores']) {
        const answer = await call(stack.url(path), token ? { token } : {});
        expect({ token, path, status: answer.status }).toEqual({ token, path, status: 401 });
        expect(answer.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
      }
    }
    // services verify the token themselves: going around the gateway doesn't help
    for (const token of tokens.slice(1)) {
      expect((await call(`http://127.0.0.1:${stack.port('app')}/orders`, { token })).status).toBe(401);
      expect((await call(`http://127.0.0.1:${stack.port('pay')}/admin/pay/gateway`, { token })).status).toBe(401);
    }
    // and a token the gateway's key really signed is accepted by the services, not only by the gateway
    expect((await call(`http://127.0.0.1:${stack.port('app')}/orders`, { token: stack.tokens.sign({ sub: 'alice', role: 'customer' }) })).status).toBe(200);
  });

  it("keeps orders private: bob can't read alice's order, forged identity headers change nothing", async () => {
    const placed = await order(alice, { item: 'pizza', storeId: '2' });
    expect(placed.status).toBe(201);
    expect((await call(stack.url(`/orders/${placed.body.orderId}`), { token: bob })).status).toBe(404);
    expect((await call(stack.url(`/orders/${placed.body.orderId}`), { token: alice })).body.orderId).toBe(placed.body.orderId);
    const spoofed = await call(stack.url(`/orders/${placed.body.orderId}`), {
      token: bob,
      headers: { 'x-user-id': 'alice', 'x-user-role': 'admin', 'x-user-sub': 'alice' },
    });
    expect(spoofed.status).toBe(404);
    const bobs = await call(stack.url('/orders'), { token: bob, headers: { 'x-user-id': 'alice' } });
    expect(bobs.body.every((o: { customerId: string }) => o.customerId === 'bob')).toBe(true);
    expect((await call(stack.url(`/orders/${placed.body.orderId}/cancel`), { token: bob, body: {} })).status).toBe(404);
  });

  it('does not let an owner order as a customer, or a customer create payments or degrade pay', async () => {
    const byOwner = await order(owner1, { item: 'chicken', storeId: '1' });
    expect(byOwner.status).toBe(403);
    expect(byOwner.body.message).toMatch(/only customers/i);
    const payment = await call(stack.url('/payments'), {
      token: alice,
      body: { orderId: crypto.randomUUID(), customerId: 'alice', storeId: '1', items: [{ menuId: 'chicken', name: 'Chicken', quantity: 1, unitPrice: 1 }], amount: 1 },
    });
    expect(payment.status).toBe(403);
    expect((await call(stack.url('/admin/pay/gateway'), { method: 'PUT', token: alice, body: { failureRate: 1 } })).status).toBe(403);
  });
});

describe('bad input gets a 4xx that says what is wrong, never a 500', () => {
  it.each([
    ['malformed JSON', { rawBody: '{"item": "chicken", ' }, 400, /malformed json/i],
    ['a JSON array', { body: [1, 2] }, 400, /JSON object/],
    ['no item at all', { body: { storeId: '1' } }, 400, /item/],
    ['missing storeId', { body: { item: 'chicken' } }, 400, /storeId is required/],
    ['a number as item', { body: { item: 7, storeId: '1' } }, 400, /item/],
    ['quantity zero', { body: { item: 'chicken', storeId: '1', quantity: 0 } }, 400, /quantity: must be at least 1/],
    ['negative quantity', { body: { item: 'chicken', storeId: '1', quantity: -3 } }, 400, /quantity: must be at least 1/],
    ['absurd quantity', { body: { item: 'chicken', storeId: '1', quantity: 1e12 } }, 400, /quantity: must be at most 100/],
    ['text quantity', { body: { item: 'chicken', storeId: '1', quantity: 'many' } }, 400, /quantity: must be a whole number/],
    ['unknown store', { body: { item: 'chicken', storeId: '42' } }, 400, /no store "42"/],
    ['unknown item', { body: { item: 'sushi', storeId: '1' } }, 400, /does not sell "sushi"/],
    ['unknown menuId', { body: { storeId: '1', items: [{ menuId: 'sushi', quantity: 1 }] } }, 400, /no menu item "sushi"/],
    ['a client-side price', { body: { item: 'chicken', storeId: '1', price: 1 } }, 400, /unknown field\(s\): price/],
    ['an oversized body', { body: { item: 'chicken', storeId: '1', note: 'x'.repeat(300_000) } }, 413, /larger than/],
  ])('%s', async (_case, request, status, message) => {
    const answer = await call(stack.url('/orders'), { token: alice, ...request });
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ statusCode: status, message: expect.stringMatching(message) });
  });

  it('refuses an orderId that is not a UUID', async () => {
    const answer = await call(stack.url('/orders/not-a-uuid'), { token: alice });
    expect(answer).toMatchObject({ status: 400, body: { message: 'orderId must be a UUID' } });
  });
});

describe('when pay is slow or down', () => {
  it('fails fast with 503 and Retry-After while pay is down, places nothing, and recovers after the reset timeout', async () => {
    await stack.stopService('pay');
    // refused connections fail at once; the breaker opens once failures pass 50% of its rolling window
    const failures = [];
    for (let i = 0; i < 15 && (i < 3 || (await breakerState()) !== 'open'); i++) failures.push(await order(alice, { item: 'chicken', storeId: '1' }));
    for (const failure of failures) {
      expect(failure.status).toBe(503);
      expect(failure.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(failure.body.message).toMatch(/retry/i);
    }
    expect(await breakerState()).toBe('open');
    const readiness = (await call(`http://127.0.0.1:${stack.port('app')}/health/ready`)).body as { details: { payBreaker: { state: string } } };
    expect(readiness.details.payBreaker.state).toBe('open');
    const view = await call(stack.url('/admin/app/pay-breaker'), { token: admin });
    expect(view.body).toMatchObject({ state: 'open', timeoutMs: PAY_TIMEOUT_MS, window: { failures: expect.any(Number) }, instances: { ready: expect.any(Number) } });
    expect((await call(stack.url('/admin/app/pay-breaker'), { token: alice })).status).toBe(403);
    // open: answered without calling pay at all, far below pay's timeout
    const fast = await order(alice, { item: 'chicken', storeId: '1' });
    expect(fast.status).toBe(503);
    expect(fast.ms).toBeLessThan(PAY_TIMEOUT_MS);

    const ids = new Set([...failures, fast].map((failure) => failure.body.orderId as string));
    const mine = await call(stack.url('/orders?limit=200'), { token: alice });
    const statuses = mine.body.filter((o: { orderId: string }) => ids.has(o.orderId)).map((o: { status: string }) => o.status);
    expect(statuses).toHaveLength(ids.size);
    expect(new Set(statuses)).toEqual(new Set(['PAYMENT_FAILED']));

    await stack.startService('pay');
    await eventually(async () => (await order(alice, { item: 'chicken', storeId: '1' })).status === 201, RESET_TIMEOUT_MS * 4, 'orders to succeed again');
    expect(await breakerState()).toBe('closed');
  });

  it('opens the breaker when pay is slower than the timeout, reconciles what pay approved too late, and closes after recovery', async () => {
    await setPayGateway({ latencyMs: `${PAY_TIMEOUT_MS + 300}-${PAY_TIMEOUT_MS + 400}` });
    // every slow call fails with 503; the breaker opens once failures pass 50% of its rolling window
    // (which may still hold the previous test's successes, so the number of calls needed varies)
    const slow = [];
    for (let i = 0; i < 12 && (await breakerState()) !== 'open'; i++) slow.push(await order(bob, { item: 'pizza', storeId: '2' }));
    expect(slow.length).toBeGreaterThanOrEqual(1);
    for (const answer of slow) expect(answer.status).toBe(503);
    expect(await breakerState()).toBe('open');
    const fast = await order(bob, { item: 'pizza', storeId: '2' });
    expect(fast.status).toBe(503);
    expect(fast.ms).toBeLessThan(PAY_TIMEOUT_MS);
    slow.push(fast);

    // pay approved those orders after app gave up: reconciliation must refund them all
    const late = slow.map((answer) => answer.body.orderId as string);
    await eventually(
      async () => {
        const payments = await Promise.all(late.map((id) => call(stack.url(`/payments/${id}`), { token: admin })));
        return payments.every((payment) => payment.status === 404 || ['CANCELLED', 'VOIDED', 'DECLINED'].includes(payment.body.status));
      },
      30_000,
      'late approvals to be refunded or voided',
    );

    await setPayGateway({ latencyMs: '0' });
    await eventually(async () => (await order(bob, { item: 'pizza', storeId: '2' })).status === 201, RESET_TIMEOUT_MS * 4, 'orders to succeed again');
    expect(await breakerState()).toBe('closed');
  });

  it('at rest, approved and unrefunded payments are exactly the placed orders', async () => {
    const everyOrder = (await call(stack.url('/orders?limit=200'), { token: admin })).body as { orderId: string; status: string }[];
    await eventually(
      async () => {
        const payments = await Promise.all(everyOrder.map((o) => call(stack.url(`/payments/${o.orderId}`), { token: admin })));
        return everyOrder.every((o, i) => {
          const charged = payments[i].status === 200 && payments[i].body.status === 'APPROVED';
          return charged === (o.status !== 'PAYMENT_FAILED' && o.status !== 'CANCELLED');
        });
      },
      30_000,
      'payments and orders to agree',
    );
    expect(everyOrder.length).toBeGreaterThan(10);
  });
});
