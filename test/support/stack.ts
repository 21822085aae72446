import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { TestInfra, dropPostgresDatabases, testInfra } from './infra';
import { dropTestTopics, freshTopic, testKafka } from './kafka';
import { REPO, RunningService, startService, waitUntilReady } from './service-process';
import { TokenAuthority } from './token-authority';

export type ServiceName = 'gateway' | 'app' | 'pay' | 'store' | 'customer' | 'marketing';

const OFFSET: Record<ServiceName, number> = { gateway: 0, app: 1, pay: 2, store: 3, customer: 4, marketing: 5 };
const URL_VARIABLE: Record<Exclude<ServiceName, 'gateway'>, string> = {
  app: 'APP_URL',
  pay: 'PAY_URL',
  store: 'STORE_URL',
  customer: 'CUSTOMER_URL',
  marketing: 'MARKETING_URL',
};
const RELATIONAL: readonly ServiceName[] = ['gateway', 'pay', 'store', 'marketing'];

export interface StackOptions {
  services: ServiceName[];
  /** Ports basePort + 0..5 in the order gateway, app, pay, store, customer, marketing. */
  basePort: number;
  /** Extra environment per service. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

/**
 * A whole platform for one test file, on the real infrastructure: its own Kafka topic, its own
 * MongoDB databases and PostgreSQL databases (or SQLite files), its own token keys (the gateway signs
 * with them and publishes them; without a gateway in the stack `tokens` serves the JWKS itself, and
 * without app it stands in for app's service key), and
 * the real service processes talking to each other as in production.
 */
export class TestStack {
  readonly infra: TestInfra = testInfra();
  readonly kafka: Kafka = testKafka(this.infra.kafkaBrokers);
  /** The gateway's keys; `tokens.sign()` forges what the gateway would issue. */
  readonly tokens = new TokenAuthority();
  readonly id = randomUUID().slice(0, 8);
  topic = '';
  private readonly running = new Map<ServiceName, RunningService>();
  private readonly postgresDatabases: string[] = [];
  private readonly sqliteFiles: string[] = [];

  constructor(private readonly options: StackOptions) {}

  static async start(options: StackOptions): Promise<TestStack> {
    const stack = new TestStack(options);
    stack.topic = await freshTopic(stack.kafka);
    await stack.tokens.listen();
    await Promise.all(options.services.map((name) => stack.startService(name, false)));
    await Promise.all(options.services.map((name) => waitUntilReady(stack.service(name), 90_000)));
    return stack;
  }

  port(name: ServiceName): number {
    return this.options.basePort + OFFSET[name];
  }

  service(name: ServiceName): RunningService {
    const service = this.running.get(name);
    if (!service) throw new Error(`${name} is not running in this stack`);
    return service;
  }

  /** The gateway's URL for a path, as a user would call it. */
  url(path: string): string {
    return `http://127.0.0.1:${this.port('gateway')}${path}`;
  }

  /** Starts (or restarts) a service with the same databases as before. */
  async startService(name: ServiceName, wait = true, extraEnv: Record<string, string> = {}): Promise<RunningService> {
    const service = startService(name, this.port(name), { ...this.environmentOf(name), ...extraEnv });
    this.running.set(name, service);
    if (wait) await waitUntilReady(service, 90_000);
    return service;
  }

  async stopService(name: ServiceName): Promise<void> {
    await this.running.get(name)?.stop();
    this.running.delete(name);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.running.keys()].map((name) => this.stopService(name)));
    await this.tokens.stop();
    await dropTestTopics(this.kafka);
    await this.dropDatabases();
  }

  private environmentOf(name: ServiceName): Record<string, string> {
    const env: Record<string, string> = {
      KAFKA_BROKERS: this.infra.kafkaBrokers.join(','),
      KAFKA_TOPIC: this.topic,
      MONGO_URL: this.infra.mongoUrl,
      MONGO_DATABASE: `e2e_${this.id}_${name}`,
      JWKS_URL: this.options.services.includes('gateway') ? `http://127.0.0.1:${this.port('gateway')}/.well-known/jwks.json` : this.tokens.jwksUrl,
      // short, so a rotation test sees a retired key go within seconds
      JWKS_CACHE_MAX_AGE_MS: '5000',
      // a group of its own: a group shared with another topic's consumers (a running dev stack) breaks both
      KAFKA_CONSUMER_GROUP: `${name}-${this.id}`,
      // quick consumer-group joins and outbox sweeps keep the tests short
      OUTBOX_SWEEP_INTERVAL_MS: '1000',
    };
    for (const [service, variable] of Object.entries(URL_VARIABLE)) {
      env[variable] = `http://127.0.0.1:${this.port(service as ServiceName)}`;
    }
    if (name === 'gateway') env.JWT_SIGNING_KEYS = this.tokens.signingKeysVariable();
    // without app in the stack, `tokens` plays app too: sign({sub: 'app', role: 'service'}, {issuer: 'fooddelivery-app'})
    if (name === 'pay') env.TRUSTED_SERVICES = `app=${this.options.services.includes('app') ? `http://127.0.0.1:${this.port('app')}/.well-known/jwks.json` : this.tokens.jwksUrl}`;
    if (RELATIONAL.includes(name)) Object.assign(env, this.relationalEnv(name));
    return { ...env, ...(this.options.env?.[name] ?? {}) };
  }

  private relationalEnv(name: ServiceName): Record<string, string> {
    const database = `e2e_${this.id}_${name}`;
    if (this.infra.postgresUrl) {
      const url = new URL(this.infra.postgresUrl);
      url.pathname = `/${database}`;
      if (!this.postgresDatabases.includes(database)) this.postgresDatabases.push(database);
      return { SERVICE_DATABASE_URL: url.toString() };
    }
    const file = join(REPO, 'data', `${database}.sqlite`);
    if (!this.sqliteFiles.includes(file)) this.sqliteFiles.push(file);
    return { SQLITE_PATH: file };
  }

  private async dropDatabases(): Promise<void> {
    for (const file of this.sqliteFiles) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    }
    if (this.infra.postgresUrl) await dropPostgresDatabases(this.infra.postgresUrl, this.postgresDatabases);
    const mongoose = await import('mongoose');
    const connection = await mongoose.createConnection(this.infra.mongoUrl, { serverSelectionTimeoutMS: 5000, retryWrites: false }).asPromise();
    try {
      for (const name of this.options.services) await connection.useDb(`e2e_${this.id}_${name}`).dropDatabase();
    } finally {
      await connection.close();
    }
  }
}

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  ms: number;
}

/** A JSON call as httpie would make it. */
export async function call<T = any>(
  url: string,
  options: { method?: string; token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const started = performance.now();
  const headers: Record<string, string> = { accept: 'application/json', ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body: parsed as T, ms: performance.now() - started };
}

/** Logs in through the gateway and returns the access token. */
export async function login(stack: TestStack, username: string, password = 'password'): Promise<string> {
  const answer = await call<{ access_token: string }>(stack.url('/auth/token'), { body: { username, password } });
  if (answer.status !== 200) throw new Error(`login of ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.access_token;
}
