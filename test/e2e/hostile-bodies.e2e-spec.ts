import { defaultRoutes } from '../../gateway/src/routes/default-routes';
import { TestStack, call, login } from '../support/stack';

/**
 * Deeply nested and oversized bodies on every route, through the gateway with all six services:
 * each is answered with a 4xx and a message, and every service stays up. The gateway streams routed
 * bodies without parsing them (it once crashed re-serialising a 5,000-level body); the services'
 * body parser refuses nesting deeper than 32 levels before anything walks the body.
 */
let stack: TestStack;
let alice: string;

const DEPTH = 5000;
const deep = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH); // ~30 KB, well under the 100 KB limit
const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const oversized = JSON.stringify({ note: 'x'.repeat(150 * 1024) });

/** One path under each routing prefix, plus the gateway's own login. */
const ROUTES = [
  ...defaultRoutes({ APP_URL: 'x', PAY_URL: 'x', STORE_URL: 'x', CUSTOMER_URL: 'x', MARKETING_URL: 'x' }).map((route) => route.prefix),
  '/orders/7b1f4c4e-8a4c-4c47-9f0b-1b2b3c4d5e6f/cancel',
  '/admin/pay/gateway',
];

beforeAll(async () => {
  stack = await TestStack.start({
    services: ['gateway', 'app', 'pay', 'store', 'customer', 'marketing'],
    basePort: 19480,
  });
  alice = await login(stack, 'alice');
});

afterAll(async () => {
  await stack?.stop();
});

async function everyServiceLive(): Promise<void> {
  for (const service of ['gateway', 'app', 'pay', 'store', 'customer', 'marketing'] as const) {
    const answer = await call(`http://127.0.0.1:${stack.port(service)}/health/live`);
    expect({ service, status: answer.status }).toEqual({ service, status: 200 });
  }
}

async function send(path: string, method: string, body: string, token?: string) {
  const response = await fetch(stack.url(path), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as { statusCode: number; message: string } };
}

describe.each(['POST', 'PUT'])('%s with a hostile body', (method) => {
  it.each(ROUTES)('%s: deep → 400, too large → 413 with a token; 401 without one; every service stays up', async (path) => {
    for (const body of [deep, deepArray]) {
      const answer = await send(path, method, body, alice);
      expect({ path, status: answer.status, message: answer.body.message }).toEqual({
        path,
        status: 400,
        message: 'JSON body is nested deeper than 32 levels',
      });
      expect((await send(path, method, body)).status).toBe(401);
    }
    const tooLarge = await send(path, method, oversized, alice);
    expect({ path, status: tooLarge.status }).toEqual({ path, status: 413 });
    expect(tooLarge.body.message).toBe('Request body is larger than the 100kb limit');
    expect((await send(path, method, oversized)).status).toBe(401);
    await everyServiceLive();
  });
});

describe("the gateway's own routes parse bodies, and refuse the same ones", () => {
  it.each([
    ['deep', 400, deep],
    ['deep array', 400, deepArray],
    ['too large', 413, oversized],
  ])('POST /auth/token with a %s body → %d', async (_label, status, body) => {
    const answer = await send('/auth/token', 'POST', body);
    expect(answer.status).toBe(status);
    expect(answer.body.statusCode).toBe(status);
    await everyServiceLive();
  });

  it('still serves a normal order afterwards', async () => {
    const answer = await call(stack.url('/orders'), { token: alice, body: { item: 'chicken', storeId: '1' } });
    expect(answer.status).toBe(201);
  });
});
