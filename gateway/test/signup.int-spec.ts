import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { DataSource, DataSourceOptions } from 'typeorm';
import { dropPostgresDatabases } from '../../test/support/infra';
import { REPO, RunningService, getJson, startService, waitUntilReady } from '../../test/support/service-process';
import { TokenAuthority } from '../../test/support/token-authority';
import { closedPort, freshDatabase, postgresUrl } from './gateway-test-support';

/**
 * POST /auth/signup on the built gateway as its own process, on its own database: PostgreSQL when
 * it is running (else SQLite) for `gateway`, SQLite for `limited` (a low SIGNUP_RATE_LIMIT_PER_HOUR),
 * so the unique index on lower(username) is exercised on both.
 */

const authority = new TokenAuthority();
const GOOD_PASSWORD = 'correct horse battery';

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

function postJson(url: string, body: unknown): Promise<Answer> {
  return postRaw(url, JSON.stringify(body));
}

function postRaw(url: string, body: string): Promise<Answer> {
  return call(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
}

describe('gateway: POST /auth/signup', () => {
  const runId = randomBytes(4).toString('hex');
  const postgresServer = postgresUrl();
  const postgresDatabase = `fooddelivery_gateway_signup_${runId}`;
  const sqliteMain = join(REPO, 'data', `gateway-signup-${runId}-main.sqlite`);
  const sqliteLimited = join(REPO, 'data', `gateway-signup-${runId}-limited.sqlite`);
  let databaseUrl: string | undefined;
  let gateway: RunningService;
  let limited: RunningService;
  /** A fresh name per call, so tests do not depend on each other. */
  let counter = 0;
  const fresh = (prefix = 'user') => `${prefix}${runId}${(counter += 1)}`;

  beforeAll(async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    databaseUrl = postgresServer ? await freshDatabase(postgresServer, postgresDatabase) : undefined;
    const common = {
      JWT_SIGNING_KEYS: authority.signingKeysVariable(),
      NODE_ENV: 'test',
      ...Object.fromEntries(
        ['APP_URL', 'PAY_URL', 'STORE_URL', 'CUSTOMER_URL', 'MARKETING_URL'].map((name) => [name, down]),
      ),
      GATEWAY_ROUTES: '',
    };
    gateway = startService('gateway', 21080, {
      ...common,
      ...(databaseUrl
        ? { SERVICE_DATABASE_URL: databaseUrl, DATABASE_URL: '' }
        : { SQLITE_PATH: sqliteMain, DATABASE_URL: '', SERVICE_DATABASE_URL: '' }),
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      SIGNUP_RATE_LIMIT_PER_HOUR: '10000',
      // request and use-case lines are logged: none may hold a password
      LOG_LEVEL: 'info',
    });
    limited = startService('gateway', 21081, {
      ...common,
      SQLITE_PATH: sqliteLimited,
      DATABASE_URL: '',
      SERVICE_DATABASE_URL: '',
      SIGNUP_RATE_LIMIT_PER_HOUR: '5',
      BCRYPT_COST: '4',
      LOG_LEVEL: 'info',
    });
    await Promise.all([waitUntilReady(gateway), waitUntilReady(limited)]);
  });

  afterAll(async () => {
    await Promise.all([gateway, limited].filter(Boolean).map((service) => service.stop()));
    for (const path of [sqliteMain, sqliteLimited]) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    }
    if (databaseUrl && postgresServer) await dropPostgresDatabases(postgresServer, [postgresDatabase]);
  });

  it('runs on PostgreSQL when there is one, else SQLite', async () => {
    const ready = await getJson(gateway.url('/health/ready'));
    expect(ready.status).toBe(200);
    expect(ready.body.details.database.target).toMatch(
      databaseUrl ? `postgres database ${postgresDatabase}` : /^sqlite /,
    );
  });

  it('stores a customer and logs them in at once: 201 with a token /auth/me accepts', async () => {
    const username = fresh('Carol.');
    const answer = await postJson(gateway.url('/auth/signup'), { username, password: GOOD_PASSWORD });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      username,
      role: 'customer',
    });
    expect(jwt.decode(answer.body.access_token)).toMatchObject({ sub: username, role: 'customer' });
    const me = await call(gateway.url('/auth/me'), {
      headers: { Authorization: `Bearer ${answer.body.access_token}` },
    });
    expect(me).toMatchObject({ status: 200, body: { sub: username, role: 'customer' } });
  });

  it('lets the new customer log in with POST /auth/token', async () => {
    const username = fresh('dave-');
    expect((await postJson(gateway.url('/auth/signup'), { username, password: GOOD_PASSWORD })).status).toBe(201);
    const login = await postJson(gateway.url('/auth/token'), { username, password: GOOD_PASSWORD });
    expect(login).toMatchObject({ status: 200, body: { token_type: 'Bearer', access_token: expect.any(String) } });
    expect(jwt.decode(login.body.access_token)).toMatchObject({ sub: username, role: 'customer' });
    const wrong = await postJson(gateway.url('/auth/token'), { username, password: `${GOOD_PASSWORD}!` });
    expect(wrong.status).toBe(401);
  });

  it('refuses a taken username with 409, also in another case, and keeps the first password', async () => {
    const username = fresh('erin');
    expect((await postJson(gateway.url('/auth/signup'), { username, password: GOOD_PASSWORD })).status).toBe(201);
    for (const again of [username, username.toUpperCase(), 'ALICE', 'admin']) {
      const answer = await postJson(gateway.url('/auth/signup'), { username: again, password: 'some other password' });
      expect({ again, status: answer.status, body: answer.body }).toEqual({
        again,
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: `The username "${again}" is taken; choose another` },
      });
    }
    expect((await postJson(gateway.url('/auth/token'), { username, password: GOOD_PASSWORD })).status).toBe(200);
    expect((await postJson(gateway.url('/auth/token'), { username: 'alice', password: 'password' })).status).toBe(200);
  });

  it.each([
    [{ username: 'ab', password: GOOD_PASSWORD }, 'username must be 3 to 32 characters long'],
    [{ username: 'u'.repeat(33), password: GOOD_PASSWORD }, 'username must be 3 to 32 characters long'],
    [
      { username: '.carol', password: GOOD_PASSWORD },
      'username may hold only letters, digits and . _ - @, and must start with a letter or digit',
    ],
    [
      { username: 'carol smith', password: GOOD_PASSWORD },
      'username may hold only letters, digits and . _ - @, and must start with a letter or digit',
    ],
    [
      { username: 'çarol', password: GOOD_PASSWORD },
      'username may hold only letters, digits and . _ - @, and must start with a letter or digit',
    ],
    [{ username: 'carol', password: 'too short' }, 'password must be 10 to 128 characters long'],
    [
      { username: 'carol', password: 'p'.repeat(200) },
      'password must be 10 to 128 characters long; password must not be one character repeated',
    ],
    [{ username: 'carol', password: 'aaaaaaaaaaaa' }, 'password must not be one character repeated'],
    [{ username: 'carol.smith', password: 'Carol.Smith' }, 'password must not be the username'],
    [{ username: 'carol', password: 'Password123' }, 'password is one of the most common passwords; choose another'],
    [
      { username: 'x', password: 'qwertyuiop' },
      'username must be 3 to 32 characters long; password is one of the most common passwords; choose another',
    ],
    [{ password: GOOD_PASSWORD }, 'username is required and must be a string'],
    [{ username: 'carol' }, 'password is required and must be a string'],
    [{ username: 'carol', password: 12345678901 }, 'password is required and must be a string'],
    [{ username: ['carol'], password: GOOD_PASSWORD }, 'username is required and must be a string'],
    [{ username: 'carol', password: GOOD_PASSWORD, role: 'admin' }, 'property role should not exist'],
    [{ username: 'car\u0000ol', password: GOOD_PASSWORD }, 'Text must not contain the NUL character (U+0000)'],
  ])('refuses %j with 400 and a message naming the rule', async (body, message) => {
    const answer = await postJson(gateway.url('/auth/signup'), body);
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message },
    });
  });

  it('refuses bodies that are not an object of texts with 400, and a body over BODY_LIMIT with 413, never 5xx', async () => {
    for (const body of [
      '[]',
      '"carol"',
      'null',
      '42',
      '{"username": "carol",',
      '{"username": {"$ne": 1}, "password": "x"}',
    ]) {
      const answer = await postRaw(gateway.url('/auth/signup'), body);
      expect({ body, status: answer.status, statusCode: answer.body.statusCode }).toEqual({
        body,
        status: 400,
        statusCode: 400,
      });
    }
    const huge = await postJson(gateway.url('/auth/signup'), { username: 'carol', password: 'x'.repeat(150 * 1024) });
    expect(huge).toMatchObject({ status: 413, body: { statusCode: 413, error: 'Payload Too Large' } });
  });

  it('lets exactly one of two concurrent sign-ups of one name through: one 201, one 409', async () => {
    for (let round = 0; round < 4; round += 1) {
      const username = fresh('race');
      const answers = await Promise.all([
        postJson(gateway.url('/auth/signup'), { username, password: GOOD_PASSWORD }),
        postJson(gateway.url('/auth/signup'), {
          username: round % 2 === 0 ? username : username.toUpperCase(),
          password: 'the other password',
        }),
      ]);
      expect({ round, statuses: answers.map((answer) => answer.status).sort() }).toEqual({
        round,
        statuses: [201, 409],
      });
      const loser = answers.find((answer) => answer.status === 409)!;
      expect(loser.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    }
    expect((await getJson(gateway.url('/health/live'))).status).toBe(200);
  });

  it("the database itself refuses a second username differing only by case (the migration's unique index)", async () => {
    const username = fresh('frank');
    expect((await postJson(gateway.url('/auth/signup'), { username, password: GOOD_PASSWORD })).status).toBe(201);
    const row = [username.toUpperCase(), '$2b$04$x', 'customer'];
    const insert = async (options: DataSourceOptions, sql: string) => {
      const database = await new DataSource(options).initialize();
      try {
        await database.query(sql, row);
      } finally {
        await database.destroy();
      }
    };
    if (databaseUrl) {
      await expect(
        insert(
          { type: 'postgres', url: databaseUrl },
          'INSERT INTO users (username, "passwordHash", role) VALUES ($1, $2, $3)',
        ),
      ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
    }
    // the limited gateway runs on SQLite
    expect((await postJson(limited.url('/auth/signup'), { username, password: GOOD_PASSWORD })).status).toBe(201);
    await expect(
      insert(
        { type: 'better-sqlite3', database: sqliteLimited },
        'INSERT INTO users (username, passwordHash, role) VALUES (?, ?, ?)',
      ),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }) });
  });

  it('limits sign-ups per client address, whatever their outcome: 429 with Retry-After (on SQLite)', async () => {
    const username = fresh('gina');
    const race = await Promise.all([
      postJson(limited.url('/auth/signup'), { username, password: GOOD_PASSWORD }),
      postJson(limited.url('/auth/signup'), { username: username.toUpperCase(), password: GOOD_PASSWORD }),
    ]);
    expect(race.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const invalid = await postJson(limited.url('/auth/signup'), { username: 'x', password: GOOD_PASSWORD });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('ratelimit-policy')).toBe('5;w=3600');
    // 201, 409 and 400 all counted; whatever is left of the 5 goes to good sign-ups, then 429
    let remaining = Number(/remaining=(\d+)/.exec(invalid.headers.get('ratelimit') ?? '')?.[1]);
    expect(remaining).toBeLessThanOrEqual(2);
    for (; remaining > 0; remaining -= 1) {
      expect(
        (await postJson(limited.url('/auth/signup'), { username: fresh('hank'), password: GOOD_PASSWORD })).status,
      ).toBe(201);
    }
    const refused = await postJson(limited.url('/auth/signup'), { username: fresh('ivan'), password: GOOD_PASSWORD });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Sign-up limit of 5 per hour from this address reached; retry after the time in Retry-After',
    });
    // logging in is limited apart
    expect((await postJson(limited.url('/auth/token'), { username, password: GOOD_PASSWORD })).status).toBe(200);
  });

  it('is public, documented in the OpenAPI document, and never logs the password', async () => {
    const document = await getJson(gateway.url('/openapi.json'));
    const operation = document.body.paths['/auth/signup'].post;
    expect(operation.security).toBeUndefined();
    expect(Object.keys(operation.responses).sort()).toEqual(['201', '400', '409', '413', '429']);
    expect(document.body.components.schemas.SignUpRequest).toMatchObject({
      required: ['username', 'password'],
      additionalProperties: false,
      properties: { username: { minLength: 3, maxLength: 32, pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]*$' } },
    });
    expect(gateway.output()).not.toContain(GOOD_PASSWORD);
    expect(limited.output()).not.toContain(GOOD_PASSWORD);
  });
});
