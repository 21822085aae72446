#!/usr/bin/env node
// `npm run bench`: the whole platform under load, through the gateway, on the real local stack.
// It starts all six services (ports 19780–19785, their own topic, consumer groups and databases),
// logs in many bench customers (one token is one caller), then runs these phases:
//   place       POST /orders, BENCH_CONCURRENCY (100) in flight for BENCH_DURATION_S (60 s)
//   reads       GET /order-status/:id of placed orders, 100 in flight, BENCH_READ_S (30 s)
//   propagation orders at a steady BENCH_RATE (100/s); PaymentApproved → visible in the customer's
//               view and in the store owner's queue (the event's occurredAt vs the first read that
//               saw it; every BENCH_TRACK_EVERY-th (10th) order is followed, reads poll every
//               BENCH_POLL_MS (20 ms), backing off to a tenth of the wait so far once it passes 250 ms)
//   seed        the stores filled up to BENCH_SEED_ORDERS (100,000) orders, by copying real ones
//   place-full  the placement phase again, on the full stores (flat = within 10 %)
//   demo        the reference demo: pay at 400–620 ms (PUT /admin/pay/gateway), 100 in flight,
//               status reads alongside
//   breaker     pay stopped: how fast the open breaker answers 503
// and prints a table, the resident memory of every process, and writes everything as JSON
// (BENCH_OUT, default bench-results/<time>.json). BENCH_PHASES=place,reads picks phases;
// BENCH_KEEP=1 keeps the bench's topic and databases; BENCH_PROFILE=app,gateway writes
// `node --cpu-prof` profiles of those services into the output folder.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tokenEnvironment } from './lib/token-keys.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureInfra } from './infra.mjs';
import { LoadTarget, closedLoop, openLoop, percentile, summarize } from './lib/load.mjs';
import { REPO_ROOT } from './lib/services.mjs';
import { RUN_DIR } from './lib/config.mjs';

const setting = (name, fallback) => Number(process.env[name] ?? fallback);
const DURATION_MS = setting('BENCH_DURATION_S', 60) * 1000;
const READ_MS = setting('BENCH_READ_S', 30) * 1000;
const CONCURRENCY = setting('BENCH_CONCURRENCY', 100);
const CUSTOMERS = setting('BENCH_CUSTOMERS', 200);
const RATE = setting('BENCH_RATE', 100);
const PROPAGATION_MS = setting('BENCH_PROPAGATION_S', 30) * 1000;
const POLL_MS = setting('BENCH_POLL_MS', 20);
/** Every Nth order placed in the propagation phase is followed (polling all of them would be the load). */
const TRACK_EVERY = setting('BENCH_TRACK_EVERY', 10);
const SEED_ORDERS = setting('BENCH_SEED_ORDERS', 100_000);
const ALL_PHASES = ['place', 'reads', 'propagation', 'seed', 'place-full', 'demo', 'breaker'];
const PHASES = (process.env.BENCH_PHASES ?? ALL_PHASES.join(',')).split(',').map((phase) => phase.trim());
const PROFILE = (process.env.BENCH_PROFILE ?? '').split(',').filter(Boolean);

const SERVICES = ['pay', 'app', 'store', 'customer', 'marketing', 'gateway'];
const PORTS = { gateway: 19780, app: 19781, pay: 19782, store: 19783, customer: 19784, marketing: 19785 };
const GATEWAY = `http://127.0.0.1:${PORTS.gateway}`;
const id = randomUUID().slice(0, 8);
const topic = `bench-${id}`;
const outFile = path.resolve(process.env.BENCH_OUT ?? path.join(REPO_ROOT, 'bench-results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`));
const outDir = path.dirname(outFile);
const workDir = path.join(os.tmpdir(), `bench-${id}`);

const say = (message) => console.log(`[bench] ${message}`);
const json = (body) => JSON.stringify(body);

for (const phase of PHASES) {
  if (!ALL_PHASES.includes(phase)) throw new Error(`BENCH_PHASES: unknown phase '${phase}' (known: ${ALL_PHASES.join(', ')})`);
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

/** One service process, as `npm start` runs it (default log level, logs to a file). */
function startService(name, env) {
  const log = fs.openSync(path.join(workDir, `${name}.log`), 'a');
  const profile = PROFILE.includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${path.join(outDir, 'profiles')}`, `--cpu-prof-name=${name}-${id}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...profile, path.join(REPO_ROOT, name, 'dist', 'main.js')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, ...tokenEnvironment(name), PORT: String(PORTS[name]), HOST: '127.0.0.1', NODE_ENV: 'development' },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    name,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => {
        say(`${name} did not stop within 20 s: SIGKILL`);
        child.kill('SIGKILL');
      }, 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

async function waitReady(name) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${PORTS[name]}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // not up yet
    }
    await sleep(300);
  }
  throw new Error(`${name} not ready after 120 s (see ${path.join(workDir, `${name}.log`)})`);
}

const databaseUrlOf = (infraEnv, database) => Object.assign(new URL(infraEnv.DATABASE_URL), { pathname: `/${database}` }).toString();

async function pgClient(url) {
  const { Client } = (await import('pg')).default;
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

async function mongoDb(infraEnv, name) {
  const { MongoClient } = await import('mongodb');
  const client = await MongoClient.connect(infraEnv.MONGO_URL);
  return { client, db: client.db(name) };
}

/**
 * Bench customers: rows in the gateway's user table with the demo password's bcrypt hash (copied
 * from alice's row), then a real login each, so every token is a distinct caller.
 */
async function createCustomers(infraEnv, gateway) {
  const client = await pgClient(databaseUrlOf(infraEnv, `bench_${id}_gateway`));
  try {
    await client.query(
      `INSERT INTO users (username, "passwordHash", role, "storeId")
       SELECT 'bench-' || g, (SELECT "passwordHash" FROM users WHERE username = 'alice'), 'customer', NULL
       FROM generate_series(1, $1) AS g ON CONFLICT DO NOTHING`,
      [CUSTOMERS],
    );
  } finally {
    await client.end();
  }
  const tokens = [];
  for (let first = 1; first <= CUSTOMERS; first += 10) {
    const batch = Array.from({ length: Math.min(10, CUSTOMERS - first + 1) }, (_, index) => login(gateway, `bench-${first + index}`));
    tokens.push(...(await Promise.all(batch)));
  }
  return tokens;
}

async function login(gateway, username) {
  const answer = await gateway.send({ method: 'POST', path: '/auth/token', headers: { 'content-type': 'application/json' }, body: json({ username, password: 'password' }) }, true);
  if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status} ${json(answer.body)}`);
  return answer.body.access_token;
}

const bearer = (token) => ({ authorization: `Bearer ${token}` });
const orderRequest = (token) => ({
  method: 'POST',
  path: '/orders',
  headers: { 'content-type': 'application/json', ...bearer(token) },
  body: json({ storeId: '1', items: [{ menuId: 'chicken', quantity: 1 }] }),
});

/** Places orders in a closed loop; remembers each placed order with its customer's token. */
async function placeOrders(gateway, tokens, placed, durationMs, concurrency = CONCURRENCY) {
  return closedLoop(gateway, {
    concurrency,
    durationMs,
    keepBody: true,
    next: (worker) => orderRequest(tokens[worker % tokens.length]),
    onAnswer: (sample, request) => {
      if (sample.status === 201) placed.push({ orderId: sample.body.orderId, token: request.headers.authorization.slice(7) });
    },
  });
}

function statusRead(order) {
  return { method: 'GET', path: `/order-status/${order.orderId}`, headers: bearer(order.token) };
}

/** Waits until the view has every order in `orders` (so reads measure hits, not 404s). */
async function waitForViews(gateway, orders, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (const order of orders) {
    for (;;) {
      const answer = await gateway.send(statusRead(order));
      if (answer.status === 200) break;
      if (Date.now() > deadline) throw new Error(`order ${order.orderId} not in the view after ${timeoutMs / 1000} s`);
      await sleep(100);
    }
  }
}

/**
 * Orders at a steady rate; each placed order is then polled in the customer's view until its
 * timeline shows PaymentApproved (that entry's `at` is the event's occurredAt), and one poller reads
 * the store owner's RECEIVED queue for them. Latency = first read that saw it − occurredAt.
 */
async function propagation(gateway, tokens, ownerToken) {
  const tracked = new Map(); // orderId → { token, approvedAt?, viewSeenAt?, storeSeenAt? }
  let placing = true;
  const viewPollers = new Set();
  const pollView = async (orderId) => {
    const order = tracked.get(orderId);
    while (order.viewSeenAt === undefined) {
      const answer = await gateway.send(statusRead({ orderId, token: order.token }), true);
      if (answer.status === 200) {
        const paid = answer.body.timeline?.find((entry) => entry.eventType === 'PaymentApproved');
        if (paid) {
          order.approvedAt = Date.parse(paid.at);
          order.viewSeenAt = answer.at;
          return;
        }
      }
      const waited = Date.now() - order.placedAt;
      if (waited > 30_000) return; // never seen: reported as missing
      // every POLL_MS at first, then backing off to a tenth of the time waited so far (≤ 500 ms):
      // polling a late order 50 times a second would itself be the load that makes it late
      await sleep(waited < 250 ? POLL_MS : Math.min(500, Math.max(POLL_MS, waited / 10)));
    }
  };
  const storePoller = (async () => {
    const request = { method: 'GET', path: '/store-orders?status=RECEIVED&limit=100', headers: bearer(ownerToken) };
    while (placing || [...tracked.values()].some((order) => order.storeSeenAt === undefined && Date.now() - order.placedAt < 30_000)) {
      const answer = await gateway.send(request, true);
      if (answer.status === 200 && Array.isArray(answer.body)) {
        for (const storeOrder of answer.body) {
          const order = tracked.get(storeOrder.orderId);
          if (order && order.storeSeenAt === undefined) order.storeSeenAt = answer.at;
        }
      }
      await sleep(POLL_MS);
    }
  })();
  const load = await openLoop(gateway, {
    rate: RATE,
    durationMs: PROPAGATION_MS,
    keepBody: true,
    next: (n) => orderRequest(tokens[n % tokens.length]),
    onAnswer: (sample, request, n) => {
      if (sample.status !== 201 || n % TRACK_EVERY !== 0) return;
      const orderId = sample.body.orderId;
      tracked.set(orderId, { token: request.headers.authorization.slice(7), placedAt: Date.now() });
      const poller = pollView(orderId).finally(() => viewPollers.delete(poller));
      viewPollers.add(poller);
    },
  });
  placing = false;
  while (viewPollers.size > 0) await Promise.all([...viewPollers]);
  await storePoller;
  const orders = [...tracked.values()];
  const lags = (field) =>
    orders
      .filter((order) => order.approvedAt !== undefined && order[field] !== undefined)
      .map((order) => Math.max(0, order[field] - order.approvedAt))
      .sort((a, b) => a - b);
  const describe = (values) => ({
    seen: values.length,
    missing: orders.length - values.length,
    p50: percentile(values, 50) ?? null,
    p99: percentile(values, 99) ?? null,
    max: values.at(-1) ?? null,
  });
  return { placement: summarize(load, [201]), view: describe(lags('viewSeenAt')), storeQueue: describe(lags('storeSeenAt')), pollMs: POLL_MS };
}

/**
 * Fills the stores up to SEED_ORDERS orders by copying real ones (new ids, customers spread over
 * 10,000 ids), in every store an order leaves rows in: app's orders, customer's views and
 * notifications, pay's payments, store's store orders. Inserting directly is the only way to get
 * 100,000 orders in minutes; the placement phase afterwards goes through the gateway as before.
 */
async function seed(infraEnv) {
  const started = Date.now();
  const { client, db } = await mongoDb(infraEnv, `bench_${id}_app`);
  const counts = {};
  try {
    const customerDb = client.db(`bench_${id}_customer`);
    for (const [database, collection] of [
      [db, 'orders'],
      [customerDb, 'order_status_views'],
      [customerDb, 'notifications'],
    ]) {
      const target = database.collection(collection);
      const existing = await target.countDocuments();
      const samples = await target.find({}).limit(50).toArray();
      if (samples.length === 0) throw new Error(`seed: ${collection} is empty (run the place phase first)`);
      const perOrder = collection === 'notifications' ? Math.max(1, Math.round(existing / (await db.collection('orders').countDocuments()))) : 1;
      const wanted = Math.max(0, SEED_ORDERS * perOrder - existing);
      for (let done = 0; done < wanted; done += 1000) {
        const batch = Array.from({ length: Math.min(1000, wanted - done) }, (_, index) => {
          const sample = samples[(done + index) % samples.length];
          const copy = { ...sample, _id: randomUUID() };
          if ('customerId' in copy) copy.customerId = `seed-${(done + index) % 10_000}`;
          if ('orderId' in copy) copy.orderId = randomUUID();
          if ('pendingEvents' in copy) copy.pendingEvents = [];
          if ('hasPendingEvents' in copy) copy.hasPendingEvents = false;
          if ('processedEventIds' in copy) copy.processedEventIds = copy.processedEventIds.map(() => randomUUID());
          return copy;
        });
        await target.insertMany(batch, { ordered: false });
      }
      counts[collection] = existing + wanted;
    }
  } finally {
    await client.close();
  }
  for (const [service, table, key] of [
    ['pay', 'payment', '"paymentId"'],
    ['store', 'store_order', '"orderId"'],
  ]) {
    const pg = await pgClient(databaseUrlOf(infraEnv, `bench_${id}_${service}`));
    try {
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM ${table}`);
      const wanted = Math.max(0, SEED_ORDERS - rows[0].n);
      const columns = (await pg.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [table])).rows.map((row) => `"${row.column_name}"`);
      const values = columns.map((column) => {
        if (column === key) return 'gen_random_uuid()::text';
        if (column === '"orderId"') return 'gen_random_uuid()::text';
        if (column === '"customerId"') return `'seed-' || (g % 10000)`;
        return column;
      });
      await pg.query(
        `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM generate_series(1, $1) AS g, (SELECT * FROM ${table} LIMIT 1) AS sample`,
        [wanted],
      );
      await pg.query(`ANALYZE ${table}`);
      counts[table] = rows[0].n + wanted;
    } finally {
      await pg.end();
    }
  }
  return { ...counts, seconds: Math.round((Date.now() - started) / 1000) };
}

async function statusReadsAlongside(gateway, placed, concurrency, until) {
  const samples = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let n = worker; !until.done; n += concurrency) {
        samples.push(await gateway.send(statusRead(placed[n % placed.length])));
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

async function configurePay(gateway, adminToken, settings) {
  const answer = await gateway.send({ method: 'PUT', path: '/admin/pay/gateway', headers: { 'content-type': 'application/json', ...bearer(adminToken) }, body: json(settings) }, true);
  if (answer.status !== 200) throw new Error(`PUT /admin/pay/gateway: ${answer.status} ${json(answer.body)}`);
}

function rssMb(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/** The infrastructure's processes: Kafka and FerretDB by their pid files, PostgreSQL by name (all its processes). */
function infraPids() {
  const byPidFile = (name) => {
    try {
      return [Number(fs.readFileSync(path.join(RUN_DIR, `${name}.pid`), 'utf8'))];
    } catch {
      return [];
    }
  };
  const postgres = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') postgres.push(Number(entry));
    } catch {
      // gone
    }
  }
  return { kafka: byPidFile('kafka'), ferretdb: byPidFile('mongo'), postgres };
}

const sumOver = (pids, measure) => pids.reduce((sum, pid) => sum + (measure(pid) ?? 0), 0);

/** Resident memory of the infrastructure (PostgreSQL summed over its processes). */
function infraMemory() {
  const { kafka, ferretdb, postgres } = infraPids();
  return {
    kafka: kafka.length ? sumOver(kafka, rssMb) : null,
    ferretdb: ferretdb.length ? sumOver(ferretdb, rssMb) : null,
    'postgres (all processes, shared pages counted per process)': sumOver(postgres, rssMb),
  };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

function cpuSecondsOf(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) used so far by each service, Kafka, FerretDB and all of PostgreSQL. */
function cpuSeconds(services) {
  const { kafka, ferretdb, postgres } = infraPids();
  return {
    ...Object.fromEntries(Object.values(services).map((service) => [service.name, cpuSecondsOf(service.child.pid)])),
    kafka: sumOver(kafka, cpuSecondsOf),
    ferretdb: sumOver(ferretdb, cpuSecondsOf),
    postgres: sumOver(postgres, cpuSecondsOf),
    bench: cpuSecondsOf(process.pid),
  };
}

/** Runs a phase and records how much CPU each process used during it (share of one core). */
async function measured(services, results, phase, work) {
  const before = cpuSeconds(services);
  const started = performance.now();
  const outcome = await work();
  const seconds = (performance.now() - started) / 1000;
  const after = cpuSeconds(services);
  results.cpu[phase] = Object.fromEntries(Object.keys(after).map((name) => [name, Math.round(((after[name] - (before[name] ?? 0)) / seconds) * 100)]));
  return outcome;
}

async function dropBenchData(infraEnv) {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ brokers: infraEnv.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
  await admin.disconnect();
  const { client } = await mongoDb(infraEnv, 'admin');
  for (const name of ['app', 'customer']) await client.db(`bench_${id}_${name}`).dropDatabase();
  await client.close();
  const pg = await pgClient(databaseUrlOf(infraEnv, 'postgres'));
  for (const name of ['pay', 'store', 'marketing', 'gateway']) await pg.query(`DROP DATABASE IF EXISTS bench_${id}_${name} WITH (FORCE)`);
  await pg.end();
}

const row = (phase, summary, extra = {}) => ({
  phase,
  'ok/s': summary.okPerSecond,
  'p50 ms': summary.p50,
  'p95 ms': summary.p95,
  'p99 ms': summary.p99,
  'max ms': summary.maxAll,
  'not ok': Object.entries(summary.others).map(([status, count]) => `${status}×${count}`).join(' ') || 0,
  ...extra,
});

async function main() {
  const infraEnv = await ensureInfra({ quiet: true });
  if (!infraEnv.DATABASE_URL) throw new Error('the bench needs PostgreSQL (npm run infra:up provides it)');
  say('building...');
  await run('npm', ['run', '-s', 'build']);
  fs.mkdirSync(workDir, { recursive: true });
  fs.mkdirSync(outDir, { recursive: true });
  const common = {
    ...infraEnv,
    KAFKA_TOPIC: topic,
    JWKS_URL: `${GATEWAY}/.well-known/jwks.json`,
    TRUSTED_SERVICES: `app=http://127.0.0.1:${PORTS.app}/.well-known/jwks.json`,
    RATE_LIMIT_PER_MINUTE: '10000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    APP_URL: `http://127.0.0.1:${PORTS.app}`,
    PAY_URL: `http://127.0.0.1:${PORTS.pay}`,
    STORE_URL: `http://127.0.0.1:${PORTS.store}`,
    CUSTOMER_URL: `http://127.0.0.1:${PORTS.customer}`,
    MARKETING_URL: `http://127.0.0.1:${PORTS.marketing}`,
  };
  const own = (name) => ({
    KAFKA_CONSUMER_GROUP: `bench-${id}-${name}`,
    MONGO_DATABASE: `bench_${id}_${name}`,
    SERVICE_DATABASE_URL: databaseUrlOf(infraEnv, `bench_${id}_${name}`),
  });
  const services = {};
  const results = { machine: { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, settings: { DURATION_MS, READ_MS, CONCURRENCY, CUSTOMERS, RATE, POLL_MS, TRACK_EVERY, SEED_ORDERS, PHASES }, phases: {}, cpu: {} };
  const rows = [];
  const gateway = new LoadTarget(GATEWAY, CONCURRENCY + 50);
  try {
    for (const name of SERVICES) services[name] = startService(name, { ...common, ...own(name) });
    await Promise.all(SERVICES.map(waitReady));
    say(`platform ready; logging in ${CUSTOMERS} bench customers...`);
    const tokens = await createCustomers(infraEnv, gateway);
    const ownerToken = await login(gateway, 'owner1');
    const adminToken = await login(gateway, 'admin');
    const placed = [];

    await measured(services, results, 'idle (10 s)', () => sleep(10_000));
    say('warming up (5 s)...');
    await placeOrders(gateway, tokens, placed, 5000, 20);

    if (PHASES.includes('place')) {
      say(`place: ${CONCURRENCY} in flight for ${DURATION_MS / 1000} s...`);
      const summary = summarize(await measured(services, results, 'place', () => placeOrders(gateway, tokens, placed, DURATION_MS)), [201]);
      results.phases.place = summary;
      rows.push(row(`place orders (${CONCURRENCY} in flight)`, summary));
    }
    if (PHASES.includes('reads')) {
      const sample = placed.slice(-2000);
      say(`reads: waiting until the view has the last ${sample.length} orders...`);
      await waitForViews(gateway, sample);
      say(`reads: ${CONCURRENCY} in flight for ${READ_MS / 1000} s...`);
      const load = await measured(services, results, 'reads', () =>
        closedLoop(gateway, { concurrency: CONCURRENCY, durationMs: READ_MS, next: (worker, n) => statusRead(sample[(worker * 7919 + n) % sample.length]) }),
      );
      const summary = summarize(load, [200]);
      results.phases.reads = summary;
      rows.push(row(`status reads (${CONCURRENCY} in flight)`, summary));
    }
    if (PHASES.includes('propagation')) {
      say(`propagation: ${RATE} orders/s for ${PROPAGATION_MS / 1000} s, polling every ${POLL_MS} ms...`);
      await sleep(3000);
      const outcome = await measured(services, results, 'propagation', () => propagation(gateway, tokens, ownerToken));
      results.phases.propagation = outcome;
      rows.push(row(`place orders (${RATE}/s steady)`, outcome.placement));
      rows.push({ phase: 'PaymentApproved → customer view', 'p50 ms': outcome.view.p50, 'p99 ms': outcome.view.p99, 'max ms': outcome.view.max, 'not ok': outcome.view.missing });
      rows.push({ phase: "PaymentApproved → owner's queue", 'p50 ms': outcome.storeQueue.p50, 'p99 ms': outcome.storeQueue.p99, 'max ms': outcome.storeQueue.max, 'not ok': outcome.storeQueue.missing });
    }
    if (PHASES.includes('seed')) {
      say(`seed: filling the stores up to ${SEED_ORDERS} orders...`);
      await sleep(5000); // let the consumers finish the placement phases
      results.phases.seed = await seed(infraEnv);
      say(`seed: ${json(results.phases.seed)}`);
    }
    if (PHASES.includes('place-full')) {
      say(`place-full: ${CONCURRENCY} in flight for ${DURATION_MS / 1000} s on the full stores...`);
      await sleep(3000);
      const summary = summarize(await measured(services, results, 'place-full', () => placeOrders(gateway, tokens, placed, DURATION_MS)), [201]);
      results.phases['place-full'] = summary;
      const base = results.phases.place?.okPerSecond;
      rows.push(row(`place orders, ${SEED_ORDERS.toLocaleString('en')} stored`, summary, base ? { 'vs empty': `${(((summary.okPerSecond - base) / base) * 100).toFixed(1)} %` } : {}));
    }
    if (PHASES.includes('demo')) {
      say('demo: pay at 400-620 ms, 100 in flight, status reads alongside...');
      await configurePay(gateway, adminToken, { latencyMs: '400-620' });
      const reading = { done: false };
      const readSample = placed.slice(-2000, -100);
      const reads = statusReadsAlongside(gateway, readSample, 10, reading);
      const load = await placeOrders(gateway, tokens, placed, Math.min(DURATION_MS, 30_000));
      reading.done = true;
      await configurePay(gateway, adminToken, { latencyMs: '0' });
      const placedSummary = summarize(load, [201]);
      const refused = summarize(load, [503]);
      const readSummary = summarize(await reads, [200]);
      results.phases.demo = { placed: placedSummary, refused, reads: readSummary };
      rows.push(row('demo: placed while pay is slow', placedSummary));
      rows.push(row('demo: answered 503', refused, { share: `${((refused.ok / load.samples.length) * 100).toFixed(0)} %` }));
      rows.push(row('demo: status reads alongside', readSummary));
    }
    // memory before the breaker phase stops pay
    results.memoryMb = { ...Object.fromEntries(SERVICES.map((name) => [name, rssMb(services[name].child.pid)])), ...infraMemory() };
    if (PHASES.includes('breaker')) {
      say('breaker: stopping pay; orders until the breaker opens, then 15 s of fail-fast answers...');
      await services.pay.stop();
      await placeOrders(gateway, tokens, placed, 2000, 10);
      const summary = summarize(await placeOrders(gateway, tokens, placed, 15_000), [503]);
      results.phases.breaker = summary;
      rows.push(row('pay down, breaker open (503)', summary));
    }
    console.table(rows);
    console.table([results.memoryMb]);
    say('resident memory (MB) above, before pay was stopped; CPU during each phase, % of one core (2 cores = 200 %):');
    console.table(results.cpu);
    say(`machine: ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, node ${process.version}`);
  } finally {
    await gateway.close();
    await Promise.all(Object.values(services).map((service) => service.stop()));
    if (process.env.BENCH_KEEP !== '1') await dropBenchData(infraEnv).catch((error) => say(`cleanup incomplete: ${error.message}`));
    fs.writeFileSync(outFile, `${JSON.stringify({ ...results, rows }, null, 2)}\n`);
    say(`results: ${outFile}; service logs: ${workDir}`);
  }
}

main().catch((error) => {
  console.error(`[bench] ${error.stack ?? error.message}`);
  process.exit(1);
});
