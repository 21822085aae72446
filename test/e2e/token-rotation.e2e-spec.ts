import { eventually } from '../support/kafka';
import { TestStack, call, login } from '../support/stack';

/**
 * Tokens only the gateway can sign, and a key rotation nobody notices: the gateway signs with the
 * first key of JWT_SIGNING_KEYS and publishes all of them; app and pay verify with the keys they
 * read from the gateway's JWKS (cached JWKS_CACHE_MAX_AGE_MS, 5 s in tests; re-read when a token
 * names a kid they do not know). A new key is put first while the old one stays published, then the
 * old one is retired: no request with a valid token is refused along the way, and a token of the
 * retired key stops working once the services' caches have moved on.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await TestStack.start({ services: ['gateway', 'app', 'pay'], basePort: 19880 });
});

afterAll(async () => {
  await stack?.stop();
});

const appUrl = (path: string) => `http://127.0.0.1:${stack.port('app')}${path}`;

/** Calls app directly (no gateway in the way) with each token, over and over, until stopped; collects the statuses. */
function keepCalling(tokens: Record<string, string>) {
  const statuses: Record<string, number[]> = Object.fromEntries(Object.keys(tokens).map((name) => [name, []]));
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const [name, token] of Object.entries(tokens)) statuses[name].push((await call(appUrl('/orders'), { token })).status);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    statuses,
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function restartGateway(): Promise<void> {
  await stack.stopService('gateway');
  await stack.startService('gateway');
}

describe('signing key rotation', () => {
  it('publishes only public keys, verifies old and new tokens during the overlap, then retires the old key', async () => {
    const first = stack.tokens.keys[0];
    const before = await login(stack, 'alice');
    expect(JSON.parse(Buffer.from(before.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'RS256', kid: first.kid });
    expect((await call(appUrl('/orders'), { token: before })).status).toBe(200);
    // services publish their own keys too (app's service tokens to pay), never the gateway's
    const appKeys = (await call(appUrl('/.well-known/jwks.json'))).body as { keys: { kid: string }[] };
    expect(appKeys.keys.map((key) => key.kid)).not.toContain(first.kid);

    // 1. a new key first, the old one still published
    const second = stack.tokens.rotate();
    const overlap = keepCalling({ before });
    await restartGateway();
    const jwks = await call(stack.url('/.well-known/jwks.json'));
    expect((jwks.body as { keys: { kid: string }[] }).keys.map((key) => key.kid)).toEqual([second.kid, first.kid]);
    const after = await login(stack, 'alice');
    expect(JSON.parse(Buffer.from(after.split('.')[0], 'base64url').toString()).kid).toBe(second.kid);
    // app has never seen this kid: it reads the JWKS again and accepts it at once
    expect((await call(appUrl('/orders'), { token: after })).status).toBe(200);
    expect((await call(stack.url('/orders'), { token: before })).status).toBe(200);
    // an order placed with the new token goes through app → pay with app's own service token
    const placed = await call(stack.url('/orders'), { token: after, body: { item: 'chicken', storeId: '1' } });
    expect(placed.status).toBe(201);
    await overlap.stop();
    expect(overlap.statuses.before.length).toBeGreaterThan(5);
    expect(overlap.statuses.before.filter((status) => status !== 200)).toEqual([]);

    // 2. the old key retired: new tokens go on working; old ones stop, at the gateway at once and at
    // the services once their cached copy of the JWKS has expired
    stack.tokens.retire(first);
    const retirement = keepCalling({ after });
    await restartGateway();
    expect((await call(stack.url('/orders'), { token: before })).status).toBe(401);
    await eventually(async () => (await call(appUrl('/orders'), { token: before })).status === 401, 30_000, 'app to refuse the retired key');
    const refused = await call(appUrl('/orders'), { token: before });
    expect(refused.body).toMatchObject({ statusCode: 401, message: expect.stringContaining(`no key "${first.kid}" is published`) });
    await retirement.stop();
    expect(retirement.statuses.after.filter((status) => status !== 200)).toEqual([]);
    expect((await call(stack.url('/orders'), { token: after })).status).toBe(200);
  });
});
