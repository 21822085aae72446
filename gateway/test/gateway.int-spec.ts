import { spawnSync } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { dropPostgresDatabases } from '../../test/support/infra';
import { eventually } from '../../test/support/kafka';
import { REPO, RunningService, getJson, startService, waitUntilReady } from '../../test/support/service-process';
import { TokenAuthority } from '../../test/support/token-authority';
import { closedPort, freshDatabase, postgresUrl } from './gateway-test-support';
import { generateSigningKeySync } from '@fooddelivery/platform';

/**
 * The built gateway as its own process, in front of a stand-in upstream (node:http) that echoes what
 * it receives. The real services behind it are covered by the platform's end-to-end suite.
 */

/** The gateway's signing keys (JWT_SIGNING_KEYS); `authority.sign()` makes what the gateway would issue. */
const authority = new TokenAuthority();
const ISSUER = 'fooddelivery-gateway';
const AUDIENCE = 'fooddelivery';

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The body's bytes exactly as they arrived. */
  raw: string;
}

/** The body as JSON when it is JSON this stand-in can echo back, else as text. */
function parsedOrRaw(text: string): unknown {
  try {
    const parsed = JSON.parse(text) as unknown;
    JSON.stringify(parsed); // deeply nested input parses, but does not serialise again
    return parsed;
  } catch {
    return text;
  }
}

/** The stand-in upstream: echoes, or acts slow, busy or streaming on a few paths. */
class EchoUpstream {
  readonly received: Echo[] = [];
  /** Streams whose connection the gateway closed. */
  readonly closedStreams: string[] = [];
  private server!: Server;
  private releaseStream: (() => void) | undefined;
  private streamReleased = new Promise<void>((resolve) => (this.releaseStream = resolve));

  async start(): Promise<string> {
    // a request the gateway cut off (a body over the limit) just ends here
    this.server = createServer((request, response) => void this.handle(request, response).catch(() => response.destroy()));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Lets the server-sent event stream send its second event. */
  release(): void {
    this.releaseStream?.();
  }

  async stop(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const echo: Echo = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: text ? parsedOrRaw(text) : undefined, raw: text };
    this.received.push(echo);
    const path = echo.url.split('?')[0];
    if (path === '/orders/slow') {
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
    if (path === '/stores/busy') {
      response.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
      response.end(JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message: 'upstream is busy' }));
      return;
    }
    if (path === '/order-status/42/stream') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      response.write('event: status\ndata: {"status":"PLACED"}\n\n');
      await this.streamReleased;
      response.end('event: status\ndata: {"status":"ACCEPTED"}\n\n');
      return;
    }
    if (path === '/order-status/43/stream') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write('event: status\ndata: {"status":"COOKING"}\n\n');
      response.on('close', () => this.closedStreams.push(path));
      return;
    }
    if (response.destroyed) return;
    response.writeHead(path === '/orders/created' ? 201 : 200, { 'Content-Type': 'application/json', 'X-Upstream': 'echo' });
    response.end(JSON.stringify(echo));
  }
}


function removeSqlite(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body };
}

/** A GET with the path sent exactly as given (no URL normalization). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers, timeout: 10_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** A POST whose body goes out in chunks (Transfer-Encoding: chunked, no Content-Length). */
function rawPost(port: number, path: string, headers: Record<string, string>, chunks: string[]): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? parsedOrRaw(text) : undefined }));
    });
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return call(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('gateway', () => {
  const upstream = new EchoUpstream();
  const runId = randomBytes(4).toString('hex');
  const sqliteFiles: string[] = [];
  const started: RunningService[] = [];
  const postgresServer = postgresUrl();
  const postgresDatabase = `fooddelivery_gateway_test_${runId}`;
  let usesPostgres = false;
  let gateway: RunningService;
  let limited: RunningService;
  let upstreamUrl: string;

  function sqliteEnv(name: string): Record<string, string> {
    const path = join(REPO, 'data', `gateway-test-${runId}-${name}.sqlite`);
    sqliteFiles.push(path);
    return { SQLITE_PATH: path, DATABASE_URL: '', SERVICE_DATABASE_URL: '' };
  }

  async function login(service: RunningService, username: string, password = 'password'): Promise<string> {
    const answer = await postJson(service.url('/auth/token'), { username, password });
    expect(answer.status).toBe(200);
    return answer.body.access_token as string;
  }

  beforeAll(async () => {
    upstreamUrl = await upstream.start();
    const down = `http://127.0.0.1:${await closedPort()}`;
    const database = postgresServer ? await freshDatabase(postgresServer, postgresDatabase) : undefined;
    usesPostgres = database !== undefined;
    const common = { JWT_SIGNING_KEYS: authority.signingKeysVariable(), NODE_ENV: 'test' };
    gateway = startService('gateway', 18280, {
      ...common,
      ...(database ? { SERVICE_DATABASE_URL: database, DATABASE_URL: '' } : sqliteEnv('main')),
      APP_URL: upstreamUrl,
      PAY_URL: upstreamUrl,
      STORE_URL: upstreamUrl,
      CUSTOMER_URL: `${upstreamUrl}/`,
      MARKETING_URL: down,
      PROXY_TIMEOUT_MS: '1000',
      RATE_LIMIT_PER_MINUTE: '10000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      GATEWAY_ROUTES: '',
    });
    limited = startService('gateway', 18281, {
      ...common,
      ...sqliteEnv('limited'),
      RATE_LIMIT_PER_MINUTE: '3',
      LOGIN_RATE_LIMIT_PER_MINUTE: '2',
      BCRYPT_COST: '4',
      GATEWAY_ROUTES: JSON.stringify([{ prefix: '/reviews', target: upstreamUrl, upstream: 'reviews' }]),
    });
    started.push(gateway, limited);
    await Promise.all([waitUntilReady(gateway), waitUntilReady(limited)]);
  });

  afterAll(async () => {
    await Promise.all(started.map((service) => service.stop()));
    await upstream.stop();
    for (const file of sqliteFiles) removeSqlite(file);
    if (usesPostgres && postgresServer) await dropPostgresDatabases(postgresServer, [postgresDatabase]);
  });

  it('keeps its users in its own database (PostgreSQL when there is one, else SQLite)', async () => {
    const ready = await getJson(gateway.url('/health/ready'));
    expect(ready.status).toBe(200);
    expect(ready.body.details.database.target).toMatch(usesPostgres ? `postgres database ${postgresDatabase}` : /^sqlite /);
    expect((await getJson(limited.url('/health/ready'))).body.details.database.target).toMatch(/^sqlite /);
  });

  describe('login', () => {
    it('exchanges a demo user and password for a signed token', async () => {
      const answer = await postJson(gateway.url('/auth/token'), { username: 'alice', password: 'password' });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
      const jwks = await getJson(gateway.url('/.well-known/jwks.json'));
      const published = createPublicKey({ key: jwks.body.keys[0], format: 'jwk' });
      const decoded = jwt.verify(answer.body.access_token, published, { algorithms: ['RS256'], issuer: ISSUER, audience: AUDIENCE, complete: true });
      const claims = decoded.payload as jwt.JwtPayload;
      expect(decoded.header).toMatchObject({ alg: 'RS256', kid: authority.keys[0].kid });
      expect(claims).toMatchObject({ sub: 'alice', role: 'customer', iss: ISSUER, aud: AUDIENCE });
      expect(claims.storeId).toBeUndefined();
      expect(claims.exp! - claims.iat!).toBe(3600);
    });

    it("gives an owner a token carrying their store, and /auth/me tells who the caller is", async () => {
      const token = await login(gateway, 'owner2');
      expect(jwt.decode(token)).toMatchObject({ sub: 'owner2', role: 'owner', storeId: '2' });
      const me = await call(gateway.url('/auth/me'), { headers: { Authorization: `Bearer ${token}` } });
      expect(me).toMatchObject({ status: 200, body: { sub: 'owner2', role: 'owner', storeId: '2' } });
      expect(jwt.decode(await login(gateway, 'admin'))).toMatchObject({ sub: 'admin', role: 'admin' });
    });

    it('answers a wrong password and an unknown user alike: 401 with the same message', async () => {
      const wrongPassword = await postJson(gateway.url('/auth/token'), { username: 'alice', password: 'wrong' });
      const unknownUser = await postJson(gateway.url('/auth/token'), { username: 'mallory', password: 'password' });
      const expected = { statusCode: 401, error: 'Unauthorized', message: 'Wrong username or password' };
      expect(wrongPassword).toMatchObject({ status: 401, body: expected });
      expect(unknownUser).toMatchObject({ status: 401, body: expected });
    });

    it.each([
      [{ username: 'alice' }, 'password is required and must be a string'],
      [{ password: 'password' }, 'username is required and must be a string'],
      [{ username: 'alice', password: 5 }, 'password is required and must be a string'],
      [{ username: '', password: 'password' }, 'username must be 1 to 100 characters long'],
      [{ username: 'alice', password: 'password', role: 'admin' }, 'property role should not exist'],
    ])('refuses %j with 400 and a message', async (body, message) => {
      const answer = await postJson(gateway.url('/auth/token'), body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(answer.body.message).toContain(message);
    });

    it('refuses a body that is not JSON', async () => {
      const answer = await call(gateway.url('/auth/token'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username": "alice",' });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(/^Malformed JSON in request body/);
    });
  });

  describe('proxying', () => {
    let token: string;
    beforeAll(async () => {
      token = await login(gateway, 'alice');
    });

    it('forwards method, path, query, the token and the request id, and never a forged identity header', async () => {
      const answer = await call(gateway.url('/orders/7?expand=items&page=2'), {
        headers: {
          Authorization: `Bearer ${token}`,
          'X-Request-Id': 'gateway-test-request-1',
          'X-User-Id': 'admin',
          'X-User-Role': 'admin',
          'X-Forwarded-User': 'admin',
          'X-Auth-Request-User': 'admin',
          'X-Forwarded-For': '203.0.113.9',
          Accept: 'application/json',
        },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-upstream')).toBe('echo');
      expect(answer.headers.get('x-request-id')).toBe('gateway-test-request-1');
      const echo = answer.body as Echo;
      expect(echo.method).toBe('GET');
      expect(echo.url).toBe('/orders/7?expand=items&page=2');
      expect(echo.headers.authorization).toBe(`Bearer ${token}`);
      expect(echo.headers['x-request-id']).toBe('gateway-test-request-1');
      expect(echo.headers.accept).toBe('application/json');
      for (const forged of ['x-user-id', 'x-user-role', 'x-forwarded-user', 'x-auth-request-user']) {
        expect(echo.headers[forged]).toBeUndefined();
      }
      // x-forwarded-* describe the real connection, not what the client claimed
      expect(echo.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(echo.headers['x-forwarded-proto']).toBe('http');
      expect(echo.headers['x-forwarded-host']).toBe('127.0.0.1:18280');
    });

    it('gives a request without an id the one it logs and returns', async () => {
      const answer = await call(gateway.url('/stores'), { headers: { Authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(200);
      const id = answer.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect((answer.body as Echo).headers['x-request-id']).toBe(id);
    });

    it('forwards a JSON body and passes the status back', async () => {
      const order = { storeId: '1', items: [{ menuId: 'chicken', quantity: 2 }], note: 'ring twice — 고마워요' };
      const answer = await postJson(gateway.url('/orders/created'), order, { Authorization: `Bearer ${token}` });
      expect(answer.status).toBe(201);
      const echo = answer.body as Echo;
      expect(echo.method).toBe('POST');
      expect(echo.body).toEqual(order);
      expect(echo.headers['content-type']).toMatch(/^application\/json/);
      expect(Number(echo.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(order)));
    });

    it.each(['PUT', 'PATCH', 'DELETE'])('keeps the method %s', async (method) => {
      const answer = await call(gateway.url('/store-orders/5/accept'), {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: method === 'DELETE' ? undefined : JSON.stringify({ reason: 'x' }),
      });
      expect(answer.status).toBe(200);
      expect((answer.body as Echo).method).toBe(method);
      expect((answer.body as Echo).url).toBe('/store-orders/5/accept');
    });

    it('routes every prefix of the table, on whole segments only', async () => {
      for (const path of ['/payments/1', '/admin/pay/refunds', '/my-orders', '/notifications', '/order-status/9']) {
        const answer = await call(gateway.url(path), { headers: { Authorization: `Bearer ${token}` } });
        expect([path, answer.status]).toEqual([path, 200]);
        expect((answer.body as Echo).url).toBe(path);
      }
      const notARoute = await call(gateway.url('/ordersx'), { headers: { Authorization: `Bearer ${token}` } });
      expect(notARoute).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Cannot GET /ordersx' } });
    });

    it('answers 404 JSON for a path no route takes, and 400 for dot segments', async () => {
      const unknown = await call(gateway.url('/no-such-service/1'), { headers: { Authorization: `Bearer ${token}` } });
      expect(unknown).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Cannot GET /no-such-service/1' } });
      // fetch would resolve the dot segments itself: node:http sends the path as it is
      for (const path of ['/orders/../admin/pay/refunds', '/orders/%2e%2e/admin/pay/refunds']) {
        const dots = await rawGet(gateway.port, path, { Authorization: `Bearer ${token}` });
        expect([path, dots]).toEqual([path, { status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'The path must not contain "." or ".." segments' } }]);
      }
    });

    it("passes an upstream's own error and Retry-After through unchanged", async () => {
      const answer = await call(gateway.url('/stores/busy'), { headers: { Authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(429);
      expect(answer.headers.get('retry-after')).toBe('7');
      expect(answer.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'upstream is busy' });
    });

    it('answers 503 JSON with Retry-After when the upstream is down, and stays ready', async () => {
      const answer = await call(gateway.url('/coupons'), { headers: { Authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The marketing service is unavailable; please retry shortly',
      });
      expect((await getJson(gateway.url('/health/ready'))).status).toBe(200);
    });

    it('answers 504 JSON when the upstream does not answer within PROXY_TIMEOUT_MS', async () => {
      const before = Date.now();
      const answer = await call(gateway.url('/orders/slow'), { headers: { Authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(504);
      expect(answer.body).toEqual({
        statusCode: 504,
        error: 'Gateway Timeout',
        message: 'The app service did not answer within 1000 ms; please retry shortly',
      });
      expect(Date.now() - before).toBeLessThan(2500);
    });

    it('streams server-sent events as they come, without buffering', async () => {
      const response = await fetch(gateway.url('/order-status/42/stream'), {
        headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
        signal: AbortSignal.timeout(15_000),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      // the upstream holds its second event back until the first has arrived through the gateway
      while (!received.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended early: ${received}`);
        received += decoder.decode(value, { stream: true });
      }
      expect(received).toBe('event: status\ndata: {"status":"PLACED"}\n\n');
      upstream.release();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
      expect(received).toBe('event: status\ndata: {"status":"PLACED"}\n\nevent: status\ndata: {"status":"ACCEPTED"}\n\n');
    });

    it('closes the upstream stream when the client goes away', async () => {
      const abort = new AbortController();
      const response = await fetch(gateway.url('/order-status/43/stream'), { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal });
      const reader = response.body!.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toBe('event: status\ndata: {"status":"COOKING"}\n\n');
      abort.abort();
      await eventually(() => upstream.closedStreams.includes('/order-status/43/stream'), 5000, 'the upstream stream to close');
    });

    it('refuses a body over BODY_LIMIT with 413 before proxying, declared or chunked', async () => {
      const seen = upstream.received.length;
      const oversized = await postJson(gateway.url('/orders'), { note: 'x'.repeat(150 * 1024) }, { Authorization: `Bearer ${token}` });
      expect(oversized).toMatchObject({ status: 413, body: { statusCode: 413, error: 'Payload Too Large', message: 'Request body is larger than the 100kb limit' } });
      expect(upstream.received.length).toBe(seen);
      const chunked = await rawPost(gateway.port, '/orders', { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ['{"note":"', 'x'.repeat(60 * 1024), 'x'.repeat(60 * 1024), '"}']);
      expect(chunked).toMatchObject({ status: 413, body: { statusCode: 413, message: 'Request body is larger than the 100kb limit' } });
      expect((await getJson(gateway.url('/health/live'))).status).toBe(200);
    });

    it('forwards a body byte for byte without parsing it (the upstream validates it)', async () => {
      const bodies = ['{"storeId": ', '{"a":1,   "a":2}', '['.repeat(5000) + ']'.repeat(5000)];
      for (const body of bodies) {
        const answer = await call(gateway.url('/orders'), { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body });
        expect(answer.status).toBe(200);
        expect((answer.body as Echo).raw).toBe(body);
      }
    });

    it('counts upstream answers by upstream and status', async () => {
      const metrics = (await getJson(gateway.url('/metrics'))).body as string;
      expect(metrics).toMatch(/gateway_upstream_requests_total\{upstream="app",status="200",service="gateway"\} \d+/);
      expect(metrics).toMatch(/gateway_upstream_requests_total\{upstream="app",status="timeout",service="gateway"\} 1/);
      expect(metrics).toMatch(/gateway_upstream_requests_total\{upstream="marketing",status="unavailable",service="gateway"\} 1/);
      expect(metrics).toMatch(/gateway_upstream_requests_total\{upstream="customer",status="200",service="gateway"\} \d+/);
    });
  });

  describe('tokens', () => {
    const claims = { sub: 'alice', role: 'customer' };
    const now = Math.floor(Date.now() / 1000);
    const kid = authority.keys[0].kid;
    const publicPem = createPublicKey(authority.keys[0].privateKey).export({ type: 'spki', format: 'pem' });
    const hmac = (secret: string | Buffer, algorithm: jwt.Algorithm) =>
      jwt.sign(claims, secret, { algorithm, keyid: kid, issuer: ISSUER, audience: AUDIENCE, expiresIn: 600 });

    it.each([
      ['no token', undefined],
      ['a token that is not a JWT', 'Bearer not-a-jwt'],
      ['a token signed by another key', `Bearer ${authority.sign(claims, { key: generateSigningKeySync() })}`],
      ["another key under the gateway's kid", `Bearer ${authority.sign(claims, { key: generateSigningKeySync(), kid })}`],
      ['an unknown kid', `Bearer ${authority.sign(claims, { kid: 'no-such-key' })}`],
      ['alg none', `Bearer ${base64url({ alg: 'none', typ: 'JWT', kid })}.${base64url({ ...claims, iss: ISSUER, aud: AUDIENCE, exp: now + 600 })}.`],
      ['HS256 made from the public key', `Bearer ${hmac(publicPem, 'HS256')}`],
      ['an HMAC token with a plain secret', `Bearer ${hmac('some-other-secret-of-at-least-32-chars!', 'HS256')}`],
      ['an expired token', `Bearer ${authority.sign(claims, { expiresInSeconds: -60 })}`],
      ['another issuer', `Bearer ${authority.sign(claims, { issuer: 'someone-else' })}`],
      ['another audience', `Bearer ${authority.sign(claims, { audience: 'other' })}`],
      ['an owner without a store', `Bearer ${authority.sign({ sub: 'x', role: 'owner' })}`],
      ['a service token from the gateway', `Bearer ${authority.sign({ sub: 'app', role: 'service' })}`],
      ['the token in a query string', undefined, '?access_token=x'],
    ])('refuses %s with 401 JSON before anything is proxied', async (_case, authorization, query = '') => {
      const seen = upstream.received.length;
      const answer = await call(gateway.url(`/orders/1${query}`), {
        headers: { ...(authorization ? { Authorization: authorization } : {}), 'X-User-Id': 'alice', 'X-User-Role': 'admin' },
      });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
      expect(upstream.received.length).toBe(seen);
    });

    it("accepts a token signed with the gateway's key and settings, wherever it was signed", async () => {
      const answer = await call(gateway.url('/orders/1'), { headers: { Authorization: `Bearer ${authority.sign(claims)}` } });
      expect(answer.status).toBe(200);
    });

    it('publishes the public halves of its signing keys at /.well-known/jwks.json', async () => {
      const answer = await getJson(gateway.url('/.well-known/jwks.json'));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ keys: [{ kty: 'RSA', n: expect.any(String), e: 'AQAB', kid, alg: 'RS256', use: 'sig' }] });
      expect(JSON.stringify(answer.body)).not.toMatch(/"(d|p|q|dp|dq|qi)"/);
    });

    it('leaves health and metrics open, and /auth/me closed', async () => {
      expect((await getJson(gateway.url('/health/live'))).status).toBe(200);
      expect((await getJson(gateway.url('/metrics'))).status).toBe(200);
      expect((await call(gateway.url('/auth/me'))).status).toBe(401);
    });
  });

  describe('rate limits', () => {
    it('limits each caller on proxied routes: 429 JSON with Retry-After and RateLimit headers', async () => {
      const alice = await login(limited, 'alice');
      const bob = await login(limited, 'bob');
      const asAlice = () => call(limited.url('/reviews/1'), { headers: { Authorization: `Bearer ${alice}` } });
      for (let i = 0; i < 3; i += 1) expect((await asAlice()).status).toBe(200);
      const refused = await asAlice();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('ratelimit')).toMatch(/^limit=3, remaining=0, reset=\d+$/);
      expect(refused.headers.get('ratelimit-policy')).toBe('3;w=60');
      expect(refused.body).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Rate limit of 3 requests per minute reached; retry after the time in Retry-After',
      });
      // another caller from the same address has a limit of their own
      expect((await call(limited.url('/reviews/1'), { headers: { Authorization: `Bearer ${bob}` } })).status).toBe(200);
    });

    it('routes by GATEWAY_ROUTES only when it is set', async () => {
      const admin = await login(limited, 'admin');
      const answer = await call(limited.url('/orders/1'), { headers: { Authorization: `Bearer ${admin}` } });
      expect(answer).toMatchObject({ status: 404, body: { message: 'Cannot GET /orders/1' } });
    });

    it('limits failed logins per client address; successful ones do not count', async () => {
      await login(limited, 'owner1');
      await login(limited, 'owner2');
      const attempt = (password: string) => postJson(limited.url('/auth/token'), { username: 'alice', password });
      expect((await attempt('guess-1')).status).toBe(401);
      expect((await attempt('guess-2')).status).toBe(401);
      const refused = await attempt('password');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    });
  });

  it('stops at once with one line naming GATEWAY_ROUTES when it is not valid', () => {
    const result = spawnSync(process.execPath, [join(REPO, 'gateway', 'dist', 'main.js')], {
      env: { ...process.env, GATEWAY_ROUTES: '[{"prefix": "/orders", "target": "http://app:8081"', PORT: '18282' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(78);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'gateway: invalid configuration: GATEWAY_ROUTES: must be a JSON array of {"prefix", "target"} objects (not valid JSON) (got "[{"prefix": "/orders", "target": "http://app:8081"")',
    ]);
  });
});
