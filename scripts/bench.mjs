#!/usr/bin/env node
// `npm run bench`: order placement through the gateway on the real local stack, measured.
//   1. placement latency (gateway → app → pay, PLACED), sequential and with concurrency;
//   2. fail-fast latency once pay is down and app's circuit breaker is open;
//   3. resident memory of each service process after the run.
// It starts its own gateway, app and pay on ports 19780–19782 with their own topic and databases,
// and removes them afterwards. BENCH_ORDERS (default 300) and BENCH_CONCURRENCY (default 8) tune it.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureInfra } from './infra.mjs';
import { REPO_ROOT } from './lib/services.mjs';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PORTS = { gateway: 19780, app: 19781, pay: 19782 };
const id = randomUUID().slice(0, 8);
const secret = randomBytes(32).toString('base64url');
const topic = `bench-${id}`;

function say(message) {
  console.log(`[bench] ${message}`);
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

function startService(name, env) {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, name, 'dist', 'main.js')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, PORT: String(PORTS[name]), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { name, child, stop: async () => (child.exitCode === null && child.kill('SIGTERM'), exited) };
}

async function waitReady(name) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${PORTS[name]}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // not up yet
    }
    await sleep(300);
  }
  throw new Error(`${name} not ready after 90 s`);
}

async function call(pathname, { token, body } = {}) {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${PORTS.gateway}${pathname}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await response.json().catch(() => undefined);
  return { status: response.status, body: json, ms: performance.now() - started };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarize(label, samples, expectedStatus) {
  const ok = samples.filter((sample) => sample.status === expectedStatus);
  const ms = ok.map((sample) => sample.ms).sort((a, b) => a - b);
  const row = {
    scenario: label,
    requests: samples.length,
    [`answered ${expectedStatus}`]: ok.length,
    'p50 ms': ms.length ? percentile(ms, 50).toFixed(1) : '-',
    'p95 ms': ms.length ? percentile(ms, 95).toFixed(1) : '-',
    'p99 ms': ms.length ? percentile(ms, 99).toFixed(1) : '-',
    'max ms': ms.length ? ms[ms.length - 1].toFixed(1) : '-',
  };
  return row;
}

async function orders(token, count, concurrency) {
  const samples = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        samples.push(await call('/orders', { token, body: { item: 'chicken', storeId: '1' } }));
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

function rssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return (kb / 1024).toFixed(0);
  } catch {
    return '?';
  }
}

/** Removes the bench's topic and databases. */
async function dropBenchData(infraEnv) {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ brokers: infraEnv.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
  await admin.disconnect();
  const mongoose = (await import('mongoose')).default;
  const connection = await mongoose.createConnection(infraEnv.MONGO_URL, { dbName: `bench_${id}_app`, retryWrites: false }).asPromise();
  await connection.dropDatabase();
  await connection.close();
  if (infraEnv.DATABASE_URL) {
    const { Client } = (await import('pg')).default;
    const client = new Client({ connectionString: Object.assign(new URL(infraEnv.DATABASE_URL), { pathname: '/postgres' }).toString() });
    await client.connect();
    for (const name of ['pay', 'gateway']) await client.query(`DROP DATABASE IF EXISTS bench_${id}_${name} WITH (FORCE)`);
    await client.end();
  }
}

async function main() {
  const infraEnv = await ensureInfra({ quiet: true });
  say('building...');
  await run('npm', ['run', '-s', 'build']);
  const sqlite = path.join(os.tmpdir(), `bench-${id}`);
  const relational = (name) =>
    infraEnv.DATABASE_URL
      ? { SERVICE_DATABASE_URL: Object.assign(new URL(infraEnv.DATABASE_URL), { pathname: `/bench_${id}_${name}` }).toString() }
      : { SQLITE_PATH: path.join(sqlite, `${name}.sqlite`) };
  const common = { ...infraEnv, KAFKA_TOPIC: topic, JWT_SECRET: secret };
  const urls = { APP_URL: `http://127.0.0.1:${PORTS.app}`, PAY_URL: `http://127.0.0.1:${PORTS.pay}`, RATE_LIMIT_PER_MINUTE: '1000000' };
  const services = {
    pay: startService('pay', { ...common, ...relational('pay') }),
    app: startService('app', { ...common, ...urls, MONGO_DATABASE: `bench_${id}_app`, PAY_BREAKER_RESET_TIMEOUT_MS: '60000' }),
    gateway: startService('gateway', { ...common, ...urls, ...relational('gateway') }),
  };
  try {
    await Promise.all(Object.keys(services).map(waitReady));
    const login = await call('/auth/token', { body: { username: 'alice', password: 'password' } });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
    const token = login.body.access_token;
    say(`warming up (30 orders), then ${ORDERS} orders sequentially and ${ORDERS} with ${CONCURRENCY} in flight...`);
    await orders(token, 30, 2);
    const sequential = await orders(token, ORDERS, 1);
    const concurrent = await orders(token, ORDERS, CONCURRENCY);

    say('stopping pay; waiting for the breaker to open...');
    await services.pay.stop();
    await orders(token, 10, 1); // refused connections open the breaker
    const failFast = await orders(token, ORDERS, 1);

    const rows = [
      { ...summarize('place order (sequential)', sequential.samples, 201), 'orders/s': (ORDERS / sequential.seconds).toFixed(1) },
      { ...summarize(`place order (${CONCURRENCY} concurrent)`, concurrent.samples, 201), 'orders/s': (ORDERS / concurrent.seconds).toFixed(1) },
      { ...summarize('pay down, breaker open', failFast.samples, 503), 'orders/s': (ORDERS / failFast.seconds).toFixed(1) },
    ];
    console.table(rows);
    console.table([{ gateway: `${rssMb(services.gateway.child.pid)} MB`, app: `${rssMb(services.app.child.pid)} MB` }]);
    say(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  } finally {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    fs.rmSync(sqlite, { recursive: true, force: true });
    await dropBenchData(infraEnv).catch((error) => say(`cleanup incomplete: ${error.message}`));
  }
}

main().catch((error) => {
  console.error(`[bench] ${error.message}`);
  process.exit(1);
});
