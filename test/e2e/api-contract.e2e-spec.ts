import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_DOCUMENT_PATH, expressPath, operationsOf } from '../../libs/platform/src/openapi';
import { defaultRoutes } from '../../gateway/src/routes/default-routes';
import { RouteTable } from '../../gateway/src/domain/route-table';
import { ServiceName, TestStack, call, login } from '../support/stack';
import { FuzzOutcome, ensureSchemathesis, runSchemathesis } from '../support/schemathesis';

/**
 * The HTTP surface is specified and fuzzed, on all six services through the gateway:
 * - every route Express really holds in each service (logged at start) is in that service's OpenAPI
 *   document and every documented operation is a real route; the gateway's merged document holds its
 *   own routes plus exactly the upstream operations its routing table reaches;
 * - schemathesis fuzzes every operation of the merged document without a token and with a token of
 *   each role: no 5xx, answers as documented, every error in the {statusCode, error, message} shape,
 *   and no service exits. FUZZ_PROFILE=full (npm run fuzz) runs more examples and every phase.
 */
const SERVICES: ServiceName[] = ['gateway', 'app', 'pay', 'store', 'customer', 'marketing'];
const UPSTREAMS = SERVICES.filter((name) => name !== 'gateway');
const FULL = process.env.FUZZ_PROFILE === 'full';
const PROFILE = FULL
  ? { maxExamples: Number(process.env.FUZZ_MAX_EXAMPLES ?? 60), phases: 'examples,coverage,fuzzing' }
  : { maxExamples: 4, phases: 'examples,fuzzing' };
/** Changing the simulated provider mid-run (60 s latency, every charge failing) would turn the other operations' answers into timeouts. */
const PROVIDER_SETTINGS = 'pay.gatewayAdmin.configure';
/**
 * An order's live stream stays open (with heartbeats) until the order is final, and schemathesis reads
 * a response to its end: with a token that can see an order it would wait forever. It is fuzzed
 * without a token; customer's tests cover it with one.
 */
const LIVE_STREAM = 'customer.orderStatus.stream';

let stack: TestStack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  const venv = ensureSchemathesis();
  stack = await TestStack.start({
    services: SERVICES,
    basePort: 19580,
    env: {
      ...Object.fromEntries(SERVICES.map((name) => [name, { LOG_LEVEL: 'info' }])),
      gateway: { LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '1000000', LOGIN_RATE_LIMIT_PER_MINUTE: '1000000', SIGNUP_RATE_LIMIT_PER_HOUR: '1000000' },
    },
  });
  for (const user of ['alice', 'owner1', 'admin']) tokens[user] = await login(stack, user);
  await venv;
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

/**
 * Nest binds the platform's middleware (request logs) to every path with Express's all(): as many
 * such routes in every service. The gateway has one more: its proxy's catch-all.
 */
const MIDDLEWARE_BINDING = 'ALL /{*path}';
const bindingsOf = (routes: string[]) => routes.filter((route) => route === MIDDLEWARE_BINDING).length;

/** The routes a service's Express router holds, from its start line (`listening on port`, field `routes`). */
function registeredRoutes(name: ServiceName): string[] {
  for (const line of stack.service(name).output().split('\n')) {
    if (!line.includes('listening on port')) continue;
    const entry = JSON.parse(line) as { routes?: string[] };
    if (entry.routes) return entry.routes;
  }
  throw new Error(`${name} logged no route list:\n${stack.service(name).output().slice(0, 2000)}`);
}

function documented(document: any): string[] {
  return operationsOf(document).map(({ method, path }) => `${method.toUpperCase()} ${expressPath(path)}`);
}

async function documentOf(url: string): Promise<any> {
  const answer = await call(url);
  expect(answer.status).toBe(200);
  expect(answer.body.openapi).toMatch(/^3\./);
  return answer.body;
}

describe('the OpenAPI documents match the routes', () => {
  it.each(UPSTREAMS)(
    '%s: every registered route is documented, and every documented operation is a route',
    async (name) => {
      const document = await documentOf(`http://127.0.0.1:${stack.port(name)}${API_DOCUMENT_PATH}`);
      const routes = registeredRoutes(name);
      expect(bindingsOf(routes)).toBe(bindingsOf(registeredRoutes('pay')));
      expect(documented(document).sort()).toEqual(routes.filter((route) => route !== MIDDLEWARE_BINDING).sort());
    },
  );

  it('gateway: its own routes are documented; the catch-all is documented as exactly what the routing table reaches', async () => {
    const merged = await documentOf(stack.url(API_DOCUMENT_PATH));
    const table = RouteTable.from(
      defaultRoutes({
        APP_URL: 'http://app',
        PAY_URL: 'http://pay',
        STORE_URL: 'http://store',
        CUSTOMER_URL: 'http://customer',
        MARKETING_URL: 'http://marketing',
      }),
    );
    if (!table.ok) throw new Error(table.problem);
    const routed = (path: string) => table.table.match(path.replace(/:[^/]+/g, 'x'));

    // the gateway's own: what Express holds, but the middleware binding, the proxy's catch-all (both
    // `ALL /{*path}`) and Swagger UI's assets under /docs/
    const routes = registeredRoutes('gateway');
    expect(bindingsOf(routes)).toBe(bindingsOf(registeredRoutes('pay')) + 1);
    const own = routes.filter((route) => route !== MIDDLEWARE_BINDING && !route.startsWith('GET /docs/'));
    expect(
      documented(merged)
        .filter((route) => !routed(route.split(' ')[1]))
        .sort(),
    ).toEqual(own.sort());

    // the routed: every upstream operation under one of its prefixes, and nothing else
    const expected: string[] = [];
    for (const name of UPSTREAMS) {
      const document = await documentOf(`http://127.0.0.1:${stack.port(name)}${API_DOCUMENT_PATH}`);
      expected.push(...documented(document).filter((route) => routed(route.split(' ')[1])?.upstream === name));
    }
    expect(
      documented(merged)
        .filter((route) => routed(route.split(' ')[1]))
        .sort(),
    ).toEqual(expected.sort());
    for (const route of table.table.entries()) {
      expect({
        prefix: route.prefix,
        operations: expected.some((operation) => routed(operation.split(' ')[1])?.prefix === route.prefix),
      }).toEqual({
        prefix: route.prefix,
        operations: true,
      });
    }
    expect(merged['x-missing-upstreams']).toEqual([]);
    expect(Object.keys(merged.components.schemas)).toEqual(
      expect.arrayContaining(['Error', 'app.Order', 'store.StoreOrder']),
    );
  });

  it('the documents are public and Swagger UI is served by the gateway itself, without a CDN', async () => {
    expect((await call(`http://127.0.0.1:${stack.port('pay')}${API_DOCUMENT_PATH}`)).status).toBe(200);
    const page = await fetch(stack.url('/docs'));
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    const bundle = await fetch(stack.url('/docs/swagger-ui-bundle.js'));
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    const init = await (await fetch(stack.url('/docs/swagger-ui-init.js'))).text();
    expect(init).toContain('/store-orders/{orderId}/accept');
  });
});

describe('regressions schemathesis found', () => {
  // a NUL character made PostgreSQL (pay, store, marketing, gateway; FerretDB for customer) fail: 500
  it.each([
    ['GET', '/payments/a%00b', 'admin'],
    ['GET', '/store-orders/a%00b', 'admin'],
    ['POST', '/store-orders/a%00b/accept', 'admin'],
    ['GET', '/coupons?customerId=a%00b', 'admin'],
    ['GET', '/recommendations?customerId=a%00b', 'admin'],
    ['GET', '/order-status/a%00b', 'alice'],
  ])('%s %s with a NUL character: 400 in the error shape, not 500', async (method, path, user) => {
    const answer = await call(stack.url(path), { method, token: tokens[user] });
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Text must not contain the NUL character (U+0000) in the path or query',
      },
    });
  });

  it.each([
    ['/auth/token', undefined, { username: 'a\u0000b', password: 'x' }],
    [
      '/payments',
      'admin',
      {
        orderId: 'o\u0000',
        customerId: 'c',
        storeId: '1',
        items: [{ menuId: 'm', name: 'n', quantity: 1, unitPrice: 1 }],
        amount: 1,
      },
    ],
    ['/payments/x1/cancel', 'admin', { reason: 'a\u0000b' }],
  ])('POST %s with a NUL character in the body: 400, not 500', async (path, user, body) => {
    // JSON.stringify writes the NUL character as \u0000
    const answer = await call(stack.url(path), { ...(user ? { token: tokens[user] } : {}), body });
    expect({ status: answer.status, message: answer.body.message }).toEqual({
      status: 400,
      message: 'Text must not contain the NUL character (U+0000)',
    });
  });
});

describe('schemathesis fuzzes every operation through the gateway', () => {
  const outcomes: FuzzOutcome[] = [];
  let reportDir: string;

  beforeAll(() => {
    reportDir = process.env.FUZZ_REPORT_DIR ?? mkdtempSync(join(tmpdir(), 'fooddelivery-fuzz-'));
  });

  afterAll(() => {
    if (process.env.FUZZ_SUMMARY_FILE)
      writeFileSync(
        process.env.FUZZ_SUMMARY_FILE,
        JSON.stringify(
          outcomes.map(({ output: _output, ...rest }) => rest),
          null,
          2,
        ),
      );
    if (!process.env.FUZZ_REPORT_DIR) rmSync(reportDir, { recursive: true, force: true });
  });

  const runs = [
    { caller: 'anonymous', user: undefined },
    { caller: 'customer', user: 'alice' },
    { caller: 'owner', user: 'owner1' },
    { caller: 'admin', user: 'admin' },
  ];

  it.each(runs)(
    '$caller: no 5xx, answers as documented, errors in the shared shape',
    async ({ caller, user }) => {
      const outcome = await runSchemathesis(
        stack.url(API_DOCUMENT_PATH),
        {
          caller,
          ...(user ? { token: tokens[user] } : {}),
          ...PROFILE,
          filters: [
          ...(caller === 'admin' ? ['--exclude-operation-id', PROVIDER_SETTINGS] : []),
          ...(user ? ['--exclude-operation-id', LIVE_STREAM] : []),
        ],
        },
        reportDir,
      );
      outcomes.push(outcome);
      // every operation but the one left for last; schemathesis may skip one whose only input is an
      // optional query parameter when its few examples were all generated before
      const tried = outcome.operations.filter((operation) => !operation.skipped);
      expect(outcome.tested).toBeGreaterThanOrEqual(26);
      expect(new Set(tried.map((operation) => operation.operation)).size).toBeGreaterThanOrEqual(outcome.tested);
      expect(outcome.examples).toBeGreaterThanOrEqual(outcome.tested);
      expect(outcome.failureKinds).toEqual([]);
      expect(outcome.operations.filter((operation) => operation.failures.length > 0)).toEqual([]);
      expect({ caller, exitCode: outcome.exitCode }).toEqual({ caller, exitCode: 0 });
    },
    600_000,
  );

  it("admin: the simulated provider's settings, fuzzed last and then restored", async () => {
    const before = await call(stack.url('/admin/pay/gateway'), { token: tokens.admin });
    expect(before.status).toBe(200);
    try {
      const outcome = await runSchemathesis(
        stack.url(API_DOCUMENT_PATH),
        {
          caller: 'admin-provider-settings',
          token: tokens.admin,
          ...PROFILE,
          filters: ['--include-operation-id', PROVIDER_SETTINGS],
        },
        reportDir,
      );
      outcomes.push(outcome);
      expect(outcome.operations.filter((operation) => !operation.skipped)).toHaveLength(1);
      expect(outcome.operations.filter((operation) => operation.failures.length > 0)).toEqual([]);
      expect(outcome.exitCode).toBe(0);
    } finally {
      const restored = await call(stack.url('/admin/pay/gateway'), {
        method: 'PUT',
        token: tokens.admin,
        body: before.body,
      });
      expect(restored.body).toEqual(before.body);
    }
  }, 600_000);

  it('no service exited, and every one is still live', async () => {
    for (const name of SERVICES) {
      expect({ name, exitCode: stack.service(name).process.exitCode }).toEqual({ name, exitCode: null });
      expect({ name, status: (await call(`http://127.0.0.1:${stack.port(name)}/health/live`)).status }).toEqual({
        name,
        status: 200,
      });
    }
  });
});
