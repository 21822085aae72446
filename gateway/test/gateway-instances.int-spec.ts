import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '../../test/support/kafka';
import { REPO, RunningService, getJson, startService, waitUntilReady } from '../../test/support/service-process';
import { TokenAuthority } from '../../test/support/token-authority';

/**
 * The built gateway as a process in front of two stand-in instances of one upstream (node:http):
 * balancing, readiness-gated removal, the retry of a refused request, and instances coming back.
 */

/** The ports this test may use: two gateways, two instances, two ports where nothing ever listens. */
const PORTS = { checked: 18286, passive: 18287, a: 19980, b: 19981, deadOrders: 19982, deadStores: 19983 };

/** A stand-in instance: answers every request with its name; its readiness answers `readiness`. */
class Instance {
  /** Requests other than readiness checks, as `METHOD /path`. */
  readonly received: string[] = [];
  readiness = 200;
  private server: Server | undefined;

  constructor(
    readonly name: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.server = server;
  }

  /** Stopped: its port refuses connections. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    for await (const _chunk of request) {
      // read the body through
    }
    if (request.url === '/health/ready') {
      response.writeHead(this.readiness, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: this.readiness === 200 ? 'ok' : 'error' }));
      return;
    }
    this.received.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ instance: this.name }));
  }
}

interface Answer {
  status: number;
  retryAfter: string | null;
  body: any;
}

describe('gateway in front of several instances of an upstream', () => {
  const authority = new TokenAuthority();
  const token = authority.sign({ sub: 'alice', role: 'customer' });
  const a = new Instance('a', PORTS.a);
  const b = new Instance('b', PORTS.b);
  const runId = randomBytes(4).toString('hex');
  const sqliteFiles: string[] = [];
  let checked: RunningService;
  let passive: RunningService;

  function gatewayEnv(name: string): Record<string, string> {
    const path = join(REPO, 'data', `gateway-instances-test-${runId}-${name}.sqlite`);
    sqliteFiles.push(path);
    return {
      JWT_SIGNING_KEYS: authority.signingKeysVariable(),
      NODE_ENV: 'test',
      SQLITE_PATH: path,
      DATABASE_URL: '',
      SERVICE_DATABASE_URL: '',
      BCRYPT_COST: '4',
      RATE_LIMIT_PER_MINUTE: '100000',
      PROXY_TIMEOUT_MS: '2000',
    };
  }

  async function send(gateway: RunningService, path: string, init: RequestInit = {}): Promise<Answer> {
    const response = await fetch(gateway.url(path), {
      ...init,
      headers: { Authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
  }

  /** `count` GETs one after the other; the names of the instances that answered. */
  async function spread(gateway: RunningService, count: number, path = '/stores'): Promise<string[]> {
    const answered: string[] = [];
    for (let index = 0; index < count; index++) {
      const answer = await send(gateway, path);
      expect(answer.status).toBe(200);
      answered.push(answer.body.instance as string);
    }
    return answered;
  }

  async function instances(gateway: RunningService, upstream: string): Promise<{ ready: number; unready: number }> {
    const metrics = (await getJson(gateway.url('/metrics'))).body as string;
    const value = (state: string) => {
      const line = new RegExp(`^gateway_upstream_instances\\{upstream="${upstream}",state="${state}"[^}]*\\} (\\d+)$`, 'm').exec(metrics);
      return line ? Number(line[1]) : NaN;
    };
    return { ready: value('ready'), unready: value('unready') };
  }

  beforeAll(async () => {
    await a.start();
    await b.start();
    const both = `${a.url},${b.url}`;
    checked = startService('gateway', PORTS.checked, {
      ...gatewayEnv('checked'),
      // the default table, app on two instances; the readiness check at its default interval (1 s)
      APP_URL: both,
      PAY_URL: a.url,
      STORE_URL: a.url,
      CUSTOMER_URL: a.url,
      MARKETING_URL: a.url,
      GATEWAY_ROUTES: '',
      UPSTREAM_CHECK_INTERVAL_MS: '',
    });
    // no readiness checks within the test: what it shows is the passive side alone
    passive = startService('gateway', PORTS.passive, {
      ...gatewayEnv('passive'),
      UPSTREAM_CHECK_INTERVAL_MS: '600000',
      GATEWAY_ROUTES: JSON.stringify([
        { prefix: '/stores', target: [a.url, `http://127.0.0.1:${PORTS.deadStores}`], upstream: 'stores' },
        { prefix: '/orders', target: [a.url, `http://127.0.0.1:${PORTS.deadOrders}`], upstream: 'orders' },
      ]),
    });
    await Promise.all([waitUntilReady(checked), waitUntilReady(passive)]);
  });

  afterAll(async () => {
    await Promise.all([checked, passive].filter(Boolean).map((gateway) => gateway.stop()));
    await a.stop();
    await b.stop();
    for (const file of sqliteFiles) for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  });

  beforeEach(() => {
    a.received.length = 0;
    b.received.length = 0;
  });

  it('spreads requests over both instances, and reports them ready', async () => {
    const answered = await spread(checked, 10);
    expect(answered.filter((name) => name === 'a')).toHaveLength(5);
    expect(answered.filter((name) => name === 'b')).toHaveLength(5);
    expect(await instances(checked, 'app')).toEqual({ ready: 2, unready: 0 });
    expect(await instances(checked, 'pay')).toEqual({ ready: 1, unready: 0 });
  });

  it('sends nothing to an instance whose readiness answers 503, within about 2 s, and uses it again once it answers 200', async () => {
    b.readiness = 503;
    await sleep(2000);
    expect(await instances(checked, 'app')).toEqual({ ready: 1, unready: 1 });
    expect(new Set(await spread(checked, 10))).toEqual(new Set(['a']));
    expect(b.received).toEqual([]);

    b.readiness = 200;
    await eventually(async () => (await instances(checked, 'app')).ready === 2, 5000, 'b to be ready again');
    expect(new Set(await spread(checked, 4))).toEqual(new Set(['a', 'b']));
  });

  it('keeps answering GETs when an instance stops (refused), skips it after the check, and takes it back once restarted', async () => {
    await b.stop();
    // whatever reaches b before the check has noticed is refused and sent to a
    expect(new Set(await spread(checked, 6))).toEqual(new Set(['a']));
    await sleep(2000);
    expect(await instances(checked, 'app')).toEqual({ ready: 1, unready: 1 });
    expect(new Set(await spread(checked, 6))).toEqual(new Set(['a']));

    await b.start();
    await eventually(async () => (await instances(checked, 'app')).ready === 2, 5000, 'b to be ready again');
    const answered = await spread(checked, 10);
    expect(answered.filter((name) => name === 'b')).toHaveLength(5);
  });

  it('retries a refused GET on the other instance at once, and skips the refusing one from then on', async () => {
    // /stores: a and a port where nothing listens; the gateway runs no readiness checks
    expect(await instances(passive, 'stores')).toEqual({ ready: 2, unready: 0 });
    expect(await spread(passive, 4)).toEqual(['a', 'a', 'a', 'a']);
    expect(a.received).toEqual(Array.from({ length: 4 }, () => 'GET /stores'));
    expect(await instances(passive, 'stores')).toEqual({ ready: 1, unready: 1 });
  });

  it('answers 503 with Retry-After to a refused request with a body, without sending it again', async () => {
    const post = () => send(passive, '/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"item":"chicken","storeId":"1"}' });
    const answers = [await post(), await post()];
    const refused = answers.filter((answer) => answer.status === 503);
    expect(refused).toEqual([
      { status: 503, retryAfter: '5', body: { statusCode: 503, error: 'Service Unavailable', message: 'The orders service is unavailable; please retry shortly' } },
    ]);
    expect(a.received).toEqual(['POST /orders']);
    // the refusing instance is out now: every request goes to a
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    expect(await instances(passive, 'orders')).toEqual({ ready: 1, unready: 1 });
  });
});
