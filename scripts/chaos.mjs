#!/usr/bin/env node
// `npm run chaos`: the whole platform under sustained load through its gateways while faults are
// injected one phase after another, then the books are checked. Every service runs under the same
// supervisor as `npm start` (scripts/lib/supervisor.mjs), on its own ports, topic and databases.
//
// Load: orders from many customers at a steady rate (CHAOS_RATE/s, a tenth cancelled at once),
// status reads, and the store owner working the queue (accept → cook → deliver), spread over two
// gateway replicas by a client that skips one that is not ready (what a load balancer does).
// Phases: baseline; store stopped and started; customer SIGKILLed; marketing removed and added back;
// Kafka stopped; PostgreSQL restarted; the MongoDB-protocol server restarted; pay slowed to
// 400–620 ms, then down, then healed; second replicas of app, store and customer started and one app
// replica SIGKILLed mid-stream; a rolling restart of every service, one replica at a time.
// Each phase prints availability (2xx of what should have succeeded), statuses and p99. Then, all
// healed, the invariants are checked and printed with their counts; any failure → exit code 1.
//
//   npm run chaos                      the full run (~30 s per phase, Kafka down 30 s)
//   npm run chaos -- --short           the short run of `npm test` (~8 s per phase)
//   CHAOS_RATE=6 CHAOS_PHASE_MS=20000 CHAOS_OUT=file.json   knobs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureInfra } from './infra.mjs';
import { LoadTarget, percentile } from './lib/load.mjs';
import { REPO_ROOT, SERVICES } from './lib/services.mjs';
import { Supervisor } from './lib/supervisor.mjs';

const SHORT = process.argv.includes('--short') || process.env.CHAOS_SHORT === '1';
const PHASE_MS = Number(process.env.CHAOS_PHASE_MS ?? (SHORT ? 8_000 : 30_000));
const KAFKA_DOWN_MS = Number(process.env.CHAOS_KAFKA_DOWN_MS ?? (SHORT ? 12_000 : 30_000));
const RATE = Number(process.env.CHAOS_RATE ?? (SHORT ? 4 : 6));
const CUSTOMERS = Number(process.env.CHAOS_CUSTOMERS ?? 40);
const READ_RATE = Number(process.env.CHAOS_READ_RATE ?? RATE * 2);
// how long the books may take to converge once the load stops: waiting goes on while they move
const SETTLE_STALL_MS = 60_000;
const SETTLE_MAX_MS = SHORT ? 480_000 : 900_000;
const POISON = 2;
const id = randomUUID().slice(0, 8);
const topic = `chaos-${id}`;
const BASE_PORT = Number(process.env.CHAOS_BASE_PORT ?? 19900);
const PORTS = Object.fromEntries(SERVICES.map((service, index) => [service.name, BASE_PORT + index]));
const outFile = process.env.CHAOS_OUT;
const logDir = path.join(os.tmpdir(), `fooddelivery-chaos-${id}`);
const json = JSON.stringify;

function say(message) {
  console.log(`[chaos] ${message}`);
}

function infra(...args) {
  const { KAFKA_BROKERS: _k, MONGO_URL: _m, DATABASE_URL: _d, ...env } = process.env;
  try {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'infra.mjs'), ...args], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000, env });
  } catch (error) {
    throw new Error(`infra ${args.join(' ')} failed: ${String(error.stderr ?? error.message).trim()}`);
  }
}

const databaseUrlOf = (infraEnv, database) => Object.assign(new URL(infraEnv.DATABASE_URL), { pathname: `/${database}` }).toString();

async function pgQuery(infraEnv, database, sql, params = []) {
  const { Client } = (await import('pg')).default;
  const client = new Client({ connectionString: databaseUrlOf(infraEnv, database) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function mongo(infraEnv) {
  const { MongoClient } = await import('mongodb');
  return MongoClient.connect(infraEnv.MONGO_URL, { serverSelectionTimeoutMS: 10_000 });
}

// ---------------------------------------------------------------------------------------------
// The client side: two gateways, a readiness-aware pick, one retry on a connection error

class Gateways {
  constructor(supervisor) {
    this.instances = supervisor.of('gateway').map((instance) => ({ url: instance.url, target: new LoadTarget(instance.url, 64), ready: true }));
    this.next = 0;
    this.retries = 0;
    this.timer = setInterval(() => void this.check(), 500);
  }

  async check() {
    await Promise.all(
      this.instances.map(async (instance) => {
        try {
          instance.ready = (await fetch(`${instance.url}/health/ready`, { signal: AbortSignal.timeout(1000) })).status === 200;
        } catch {
          instance.ready = false;
        }
      }),
    );
  }

  pick(avoid) {
    const candidates = this.instances.filter((instance) => instance.ready && instance !== avoid);
    const pool = candidates.length > 0 ? candidates : this.instances.filter((instance) => instance !== avoid);
    return pool[this.next++ % pool.length] ?? this.instances[0];
  }

  /** One logical request: a connection error (status 0) is retried once on the other gateway. */
  async send(request, keepBody = false) {
    const first = this.pick();
    const answer = await first.target.send(request, keepBody);
    if (answer.status !== 0) return answer;
    first.ready = false;
    this.retries++;
    const second = await this.pick(first).target.send(request, keepBody);
    return { ...second, ms: second.ms + answer.ms };
  }

  async close() {
    clearInterval(this.timer);
    await Promise.all(this.instances.map((instance) => instance.target.close()));
  }
}

// ---------------------------------------------------------------------------------------------
// Sustained load, recorded per phase

/**
 * What cannot succeed while a phase's fault lasts, by design: orders while pay is down (app fails
 * them fast with 503), the owner's calls while the only store is stopped, status reads while the
 * only customer restarts. They are shown with their statuses, not counted in availability.
 */
const EXPECTED_FAILURES = { 'pay down': ['order'], 'store stopped, then started': ['owner'], 'customer SIGKILLed (restarted by the supervisor)': ['read'] };

function expectedToFail(phase, kind) {
  return (EXPECTED_FAILURES[phase] ?? []).includes(kind);
}

class Load {
  constructor(gateways, customers, owner) {
    this.gateways = gateways;
    this.customers = customers;
    this.owner = owner;
    this.placed = []; // { orderId, token, customer, cancelled? }
    this.samples = [];
    this.phase = 'setup';
    this.running = false;
    this.orderCount = 0;
  }

  record(kind, answer, phase = this.phase) {
    this.samples.push({ phase, kind, status: answer.status, ms: answer.ms, expectedToFail: expectedToFail(phase, kind) });
  }

  start() {
    this.running = true;
    this.loops = [this.orders(), this.reads(), this.ownerLoop(), this.ownerLoop()];
  }

  async stop() {
    this.running = false;
    await Promise.all(this.loops);
  }

  async orders() {
    const interval = 1000 / RATE;
    const inFlight = new Set();
    let due = performance.now();
    while (this.running) {
      due += interval;
      const n = this.orderCount++;
      const customer = this.customers[n % this.customers.length];
      const work = this.placeOne(customer, n).finally(() => inFlight.delete(work));
      inFlight.add(work);
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
    }
    await Promise.all(inFlight);
  }

  async placeOne(customer, n) {
    const phase = this.phase;
    const request = {
      method: 'POST',
      path: '/orders',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.token}`, 'idempotency-key': randomUUID() },
      body: json({ storeId: '1', items: [{ menuId: n % 3 === 0 ? 'spicy-chicken' : 'chicken', quantity: 1 + (n % 2) }] }),
    };
    const answer = await this.gateways.send(request, true);
    this.record('order', answer, phase);
    if (answer.status !== 201) return;
    const order = { orderId: answer.body.orderId, token: customer.token, customer: customer.username };
    this.placed.push(order);
    if (n % 10 === 5) {
      const cancel = await this.gateways.send({ method: 'POST', path: `/orders/${order.orderId}/cancel`, headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.token}` }, body: '{}' }, true);
      this.record('cancel', cancel, phase);
      if (cancel.status === 200) order.cancelled = true;
    }
  }

  async reads() {
    while (this.running) {
      await sleep(1000 / READ_RATE);
      if (this.placed.length === 0) continue;
      const order = this.placed[Math.floor(Math.random() * this.placed.length)];
      const answer = await this.gateways.send({ method: 'GET', path: `/order-status/${order.orderId}`, headers: { authorization: `Bearer ${order.token}` } });
      // 404: not in the view yet (it is eventually consistent), an answer like any other
      this.record('read', { ...answer, status: answer.status === 404 ? 200 : answer.status });
    }
  }

  /** The owner of store 1: takes the oldest received orders and walks each to DELIVERED. */
  async ownerLoop() {
    const headers = { authorization: `Bearer ${this.owner}`, 'content-type': 'application/json' };
    while (this.running) {
      const queue = await this.gateways.send({ method: 'GET', path: '/store-orders?status=RECEIVED&limit=20', headers }, true);
      this.record('owner', queue);
      if (queue.status !== 200 || !Array.isArray(queue.body) || queue.body.length === 0) {
        await sleep(500);
        continue;
      }
      for (const order of queue.body) {
        if (!this.running) return;
        for (const [step, body] of [['accept', '{}'], ['start-cooking', '{}'], ['finish-cooking', '{}'], ['start-delivery', '{"rider":"kim"}'], ['complete-delivery', '{}']]) {
          const answer = await this.gateways.send({ method: 'POST', path: `/store-orders/${order.orderId}/${step}`, headers, body });
          // 409: the other owner loop (or a cancellation) got there first — the state machine said no
          this.record('owner', { ...answer, status: answer.status === 409 ? 200 : answer.status });
          if (answer.status !== 200) break;
        }
      }
    }
  }

  /** Figures of one phase: per kind, availability of what should have succeeded, statuses, p99. */
  figures(phase) {
    const rows = {};
    for (const kind of ['order', 'cancel', 'read', 'owner']) {
      const samples = this.samples.filter((sample) => sample.phase === phase && sample.kind === kind);
      if (samples.length === 0) continue;
      const counted = samples.filter((sample) => !sample.expectedToFail);
      const ok = counted.filter((sample) => sample.status >= 200 && sample.status < 300).length;
      const statuses = {};
      for (const sample of samples) statuses[sample.status] = (statuses[sample.status] ?? 0) + 1;
      const times = samples.map((sample) => sample.ms).sort((a, b) => a - b);
      rows[kind] = {
        requests: samples.length,
        availability: counted.length === 0 ? 'n/a (expected to fail)' : `${((100 * ok) / counted.length).toFixed(1)} %`,
        statuses,
        p99ms: Math.round(percentile(times, 99)),
      };
    }
    return rows;
  }
}

// ---------------------------------------------------------------------------------------------
// The platform

function serviceEnv(infraEnv) {
  return {
    ...process.env,
    ...infraEnv,
    NODE_ENV: 'development',
    KAFKA_TOPIC: topic,
    JWKS_URL: `http://127.0.0.1:${PORTS.gateway}/.well-known/jwks.json`,
    TRUSTED_SERVICES: `app=http://127.0.0.1:${PORTS.app}/.well-known/jwks.json`,
    RATE_LIMIT_PER_MINUTE: '10000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    OUTBOX_SWEEP_INTERVAL_MS: '1000',
    RECONCILE_INTERVAL_MS: '2000',
    // a replica draining after SIGTERM stays unready for two of the gateway's checks
    SHUTDOWN_DELAY_MS: '2500',
    UPSTREAM_CHECK_INTERVAL_MS: '1000',
    LOG_LEVEL: 'warn',
  };
}

async function createCustomers(infraEnv, gateways) {
  await pgQuery(
    infraEnv,
    `chaos_${id}_gateway`,
    `INSERT INTO users (username, "passwordHash", role, "storeId")
     SELECT 'chaos-' || g, (SELECT "passwordHash" FROM users WHERE username = 'alice'), 'customer', NULL
     FROM generate_series(1, $1) AS g ON CONFLICT DO NOTHING`,
    [CUSTOMERS],
  );
  const customers = [];
  for (let n = 1; n <= CUSTOMERS; n++) customers.push({ username: `chaos-${n}`, token: await login(gateways, `chaos-${n}`) });
  return customers;
}

async function login(gateways, username) {
  const answer = await gateways.send({ method: 'POST', path: '/auth/token', headers: { 'content-type': 'application/json' }, body: json({ username, password: 'password' }) }, true);
  if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status} ${json(answer.body)}`);
  return answer.body.access_token;
}

async function setPay(gateways, adminToken, settings) {
  const answer = await gateways.send({ method: 'PUT', path: '/admin/pay/gateway', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, body: json(settings) });
  if (answer.status !== 200) say(`  (pay settings ${json(settings)}: HTTP ${answer.status})`);
}

async function poison(infraEnv) {
  const { Kafka, logLevel } = await import('kafkajs');
  const producer = new Kafka({ brokers: infraEnv.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  const messages = Array.from({ length: POISON }, (_, n) => ({ key: `poison-${n}`, value: `{"chaos-poison": ${n}, "not": "an event"}`, headers: { eventType: 'OrderPlaced' } }));
  await producer.send({ topic, messages });
  await producer.disconnect();
}

// ---------------------------------------------------------------------------------------------
// The books

async function checkInvariants(infraEnv, load, supervisor) {
  const placed = new Map(load.placed.map((order) => [order.orderId, order]));
  const client = await mongo(infraEnv);
  const results = [];
  const check = (name, ok, detail) => {
    results.push({ name, ok, detail });
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
  };
  try {
    const storeMap = { RECEIVED: 'PLACED' };
    let consistent = 0;
    let inconsistent = [];
    let appOrders;
    let storeRows;
    let views;
    // the platform settles: events still in flight (reconciliation, outboxes, consumers catching up).
    // A consumer that fell behind under the load may need minutes to drain its backlog, so the wait
    // lasts while the books keep converging and ends when they stop moving for SETTLE_STALL_MS
    // (or after SETTLE_MAX_MS in all)
    const settleStarted = Date.now();
    let best = -1;
    let movedAt = Date.now();
    for (;;) {
      appOrders = new Map((await client.db(`chaos_${id}_app`).collection('orders').find({}, { projection: { status: 1, customerId: 1, outboxPending: 1 } }).toArray()).map((order) => [order._id, order]));
      storeRows = await pgQuery(infraEnv, `chaos_${id}_store`, 'SELECT "orderId", status FROM store_order');
      views = new Map((await client.db(`chaos_${id}_customer`).collection('order_status_views').find({}, { projection: { status: 1 } }).toArray()).map((view) => [view._id, view]));
      const stores = new Map(storeRows.map((row) => [row.orderId, row]));
      inconsistent = [];
      consistent = 0;
      for (const orderId of placed.keys()) {
        const app = appOrders.get(orderId)?.status;
        const store = stores.get(orderId)?.status;
        const view = views.get(orderId)?.status;
        if (app && app === (storeMap[store] ?? store) && app === view) consistent++;
        else inconsistent.push({ orderId, app, store, view });
      }
      if (consistent > best) {
        best = consistent;
        movedAt = Date.now();
      }
      if (inconsistent.length === 0 || Date.now() - movedAt > SETTLE_STALL_MS || Date.now() - settleStarted > SETTLE_MAX_MS) break;
      await sleep(2000);
    }
    say(`settled in ${Math.round((Date.now() - settleStarted) / 1000)} s${inconsistent.length ? ` (stopped waiting: ${inconsistent.length} orders still differ)` : ''}`);
    const stores = new Map(storeRows.map((row) => [row.orderId, row]));
    check(
      'every order answered 201 exists and ends in one status in app, store and the view',
      inconsistent.length === 0,
      `${placed.size} answered 201; in app ${[...placed.keys()].filter((id) => appOrders.has(id)).length}, in store ${[...placed.keys()].filter((id) => stores.has(id)).length}, in the view ${[...placed.keys()].filter((id) => views.has(id)).length}; consistent ${consistent}${inconsistent.length ? `; not: ${json(inconsistent.slice(0, 5))}` : ''}`,
    );

    const payments = await pgQuery(infraEnv, `chaos_${id}_pay`, 'SELECT "orderId", status FROM payment');
    const live = new Set([...appOrders.values()].filter((order) => !['PAYMENT_FAILED', 'PAYMENT_PENDING', 'CANCELLED', 'REJECTED'].includes(order.status)).map((order) => order._id));
    const approved = payments.filter((payment) => payment.status === 'APPROVED');
    const approvedIds = new Set(approved.map((payment) => payment.orderId));
    const charged = new Map();
    for (const payment of payments) charged.set(payment.orderId, (charged.get(payment.orderId) ?? 0) + 1);
    const twice = [...charged.values()].filter((count) => count > 1).length;
    const orphans = [...approvedIds].filter((orderId) => !live.has(orderId));
    const unpaid = [...live].filter((orderId) => !approvedIds.has(orderId));
    check(
      'approved-and-not-refunded payments = placed orders, none charged twice',
      approved.length === live.size && orphans.length === 0 && unpaid.length === 0 && twice === 0,
      `${approved.length} approved and not refunded, ${live.size} orders placed and not cancelled; charged twice ${twice}; approved without a live order ${orphans.length}; live without a payment ${unpaid.length}; payments refunded ${payments.filter((p) => p.status === 'CANCELLED').length}, voided ${payments.filter((p) => p.status === 'VOIDED').length}`,
    );

    const paidOrders = [...appOrders.values()].filter((order) => !['PAYMENT_FAILED', 'PAYMENT_PENDING'].includes(order.status));
    const missing = paidOrders.filter((order) => !stores.has(order._id));
    // a payment pay approved but app never learned of (a timeout) reaches the store too; reconciliation
    // then refunds it and the store order must end CANCELLED: that is the compensation, not a duplicate
    const notPlaced = storeRows.filter((row) => !appOrders.has(row.orderId) || ['PAYMENT_FAILED', 'PAYMENT_PENDING'].includes(appOrders.get(row.orderId).status));
    const extra = notPlaced.filter((row) => row.status !== 'CANCELLED');
    const inbox = await pgQuery(infraEnv, `chaos_${id}_store`, `SELECT count(*)::int AS applied, count(DISTINCT "eventId")::int AS distinct_events FROM inbox`).catch(() => [{ applied: 0, distinct_events: 0 }]);
    check(
      'every placed order reached its store exactly once',
      missing.length === 0 && extra.length === 0 && storeRows.length === new Set(storeRows.map((row) => row.orderId)).size,
      `${paidOrders.length} paid orders, ${storeRows.length} store orders, missing ${missing.length}; for orders app did not place: ${notPlaced.length} (cancelled by reconciliation ${notPlaced.length - extra.length}, still live ${extra.length}); store's inbox ${inbox[0].applied} events applied, ${inbox[0].distinct_events} distinct`,
    );

    const delivered = await pgQuery(infraEnv, `chaos_${id}_marketing`, 'SELECT "customerId", count(*)::int AS n FROM delivered_orders GROUP BY "customerId"');
    const coupons = await pgQuery(infraEnv, `chaos_${id}_marketing`, `SELECT "customerId", kind, count(*)::int AS n FROM coupons GROUP BY "customerId", kind`);
    // a delivery counts for loyalty once the store made it, even if the order was refunded afterwards
    // (a cancellation that crossed the delivery); a coupon once issued is never taken back
    const storeDelivered = await pgQuery(infraEnv, `chaos_${id}_store`, `SELECT "customerId", count(*)::int AS n FROM store_order WHERE timeline LIKE '%"DELIVERED"%' GROUP BY "customerId"`);
    const appDelivered = new Map(storeDelivered.map((row) => [row.customerId, row.n]));
    let expected = 0;
    let issued = 0;
    const wrong = [];
    for (const [customerId, n] of appDelivered) {
      const counted = delivered.find((row) => row.customerId === customerId)?.n ?? 0;
      const want = { WELCOME: n >= 1 ? 1 : 0, LOYALTY: Math.floor(n / 3) };
      const got = { WELCOME: 0, LOYALTY: 0 };
      for (const row of coupons.filter((row) => row.customerId === customerId)) got[row.kind] = row.n;
      expected += want.WELCOME + want.LOYALTY;
      issued += got.WELCOME + got.LOYALTY;
      if (counted !== n || got.WELCOME !== want.WELCOME || got.LOYALTY !== want.LOYALTY) wrong.push({ customerId, delivered: n, counted, want, got });
    }
    check(
      'every delivered order earned exactly the coupons its customer qualified for',
      wrong.length === 0,
      `${[...appDelivered.values()].reduce((a, b) => a + b, 0)} delivered orders of ${appDelivered.size} customers; coupons expected ${expected}, issued ${issued}${wrong.length ? `; wrong: ${json(wrong.slice(0, 3))}` : ''}`,
    );

    const backlog = {};
    for (const instance of supervisor.instances.filter((candidate) => candidate.child && candidate.service.name !== 'gateway' && candidate.service.name !== 'customer')) {
      const text = await fetch(`${instance.url}/metrics`).then((response) => response.text()).catch(() => '');
      for (const match of text.matchAll(/^outbox_backlog\{outbox="([^"]+)",service="([^"]+)"\} (\d+)/gm)) backlog[`${match[2]}/${match[1]}`] = Math.max(backlog[`${match[2]}/${match[1]}`] ?? 0, Number(match[3]));
    }
    const appPending = [...appOrders.values()].filter((order) => order.outboxPending).length;
    check('nothing is stuck in an outbox', Object.values(backlog).every((n) => n === 0) && appPending === 0, `${Object.entries(backlog).map(([name, n]) => `${name} ${n}`).join(', ')}; app orders flagged pending ${appPending}`);

    const dlq = await readTopic(infraEnv, `${topic}.dlq`);
    const poisoned = dlq.filter((value) => value.includes('"chaos-poison"'));
    check('the DLQ holds only what was deliberately poisoned', dlq.length === poisoned.length && poisoned.length >= POISON, `${dlq.length} dead letters, ${poisoned.length} of them the ${POISON} poisoned messages (once per consumer group that handles OrderPlaced)`);
  } finally {
    await client.close();
  }
  return results;
}

/** Events each consumer group still has to handle: the topic's end offsets minus the group's commits. */
async function consumerLag(infraEnv) {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ brokers: infraEnv.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const lag = {};
    for (const service of ['pay', 'store', 'customer', 'marketing', 'app']) {
      const [committed] = await admin.fetchOffsets({ groupId: `chaos-${id}-${service}`, topics: [topic] });
      lag[service] = ends.reduce((sum, end) => {
        const offset = Number(committed?.partitions.find((partition) => partition.partition === end.partition)?.offset ?? -1);
        return sum + Number(end.high) - (offset < 0 ? Number(end.low) : offset);
      }, 0);
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

async function readTopic(infraEnv, name) {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ brokers: infraEnv.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = await admin.listTopics();
  if (!topics.includes(name)) {
    await admin.disconnect();
    return [];
  }
  const offsets = await admin.fetchTopicOffsets(name);
  await admin.disconnect();
  const total = offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  if (total === 0) return [];
  const consumer = kafka.consumer({ groupId: `chaos-reader-${randomUUID()}` });
  const values = [];
  await consumer.connect();
  await consumer.subscribe({ topic: name, fromBeginning: true });
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, 20_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value?.toString() ?? '');
        if (values.length >= total) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return values;
}

async function dropData(infraEnv) {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ brokers: infraEnv.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
  await admin.disconnect();
  const client = await mongo(infraEnv);
  for (const name of ['app', 'customer']) await client.db(`chaos_${id}_${name}`).dropDatabase().catch(() => undefined);
  await client.close();
  for (const name of ['pay', 'store', 'marketing', 'gateway']) await pgQuery(infraEnv, 'postgres', `DROP DATABASE IF EXISTS chaos_${id}_${name} WITH (FORCE)`).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const infraEnv = await ensureInfra({ quiet: true });
  if (!infraEnv.DATABASE_URL) throw new Error('the chaos run needs PostgreSQL (npm run infra:up provides it)');
  say(`${SHORT ? 'short' : 'full'} run: ${RATE} orders/s from ${CUSTOMERS} customers, ${PHASE_MS / 1000} s per phase, logs in ${logDir}`);
  if (spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  fs.mkdirSync(logDir, { recursive: true });

  // two of every service is declared (the gateways and the app → pay client know both addresses);
  // second replicas of app, store, customer and marketing start in the replica phase
  const replicas = new Map(SERVICES.map((service) => [service.name, 2]));
  const logs = new Map();
  const supervisor = new Supervisor({
    services: SERVICES,
    replicas,
    env: serviceEnv(infraEnv),
    ports: PORTS,
    envFor: (instance) => ({
      KAFKA_CONSUMER_GROUP: `chaos-${id}-${instance.service.name}`,
      MONGO_DATABASE: `chaos_${id}_${instance.service.name}`,
      SERVICE_DATABASE_URL: databaseUrlOf(infraEnv, `chaos_${id}_${instance.service.name}`),
    }),
    print: (label, line) => {
      const name = label.replace(/\x1b\[[0-9;]*m/g, '').split(' ')[0];
      if (!logs.has(name)) logs.set(name, fs.createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' }));
      logs.get(name).write(`${line}\n`);
      if (/exited unexpectedly|could not start|SIGKILL/.test(line)) say(`${name}: ${line}`);
    },
    say,
  });
  const later = new Set(['app', 'store', 'customer', 'marketing']);
  const first = supervisor.instances.filter((instance) => instance.index === 0 || !later.has(instance.service.name));
  // pay and gateway first (app's readiness includes nothing of pay's, but the JWKS comes from the gateway)
  for (const instance of first) supervisor.launch(instance);
  await Promise.all(first.map((instance) => supervisor.waitReady(instance)));
  say(`platform ready: ${first.map((instance) => `${instance.name}:${instance.port}`).join(' ')}`);

  const gateways = new Gateways(supervisor);
  const customers = await createCustomers(infraEnv, gateways);
  const owner = await login(gateways, 'owner1');
  const admin = await login(gateways, 'admin');
  const load = new Load(gateways, customers, owner);
  const report = { settings: { SHORT, PHASE_MS, KAFKA_DOWN_MS, RATE, CUSTOMERS, READ_RATE }, phases: [], invariants: [] };

  const phase = async (name, action) => {
    load.phase = name;
    const begun = Date.now();
    await action();
    const figures = load.figures(name);
    report.phases.push({ name, seconds: Math.round((Date.now() - begun) / 1000), ...figures });
    const line = Object.entries(figures)
      .map(([kind, row]) => `${kind} ${row.requests} req, ${row.availability}, p99 ${row.p99ms} ms, ${Object.entries(row.statuses).map(([status, n]) => `${status}×${n}`).join(' ')}`)
      .join(' | ');
    say(`${name} (${Math.round((Date.now() - begun) / 1000)} s): ${line}`);
  };
  const hold = (ms) => sleep(ms);
  const instance = (name, index = 0) => supervisor.of(name)[index];

  load.start();
  await phase('baseline', async () => {
    await poison(infraEnv);
    await hold(PHASE_MS);
  });
  await phase('store stopped, then started', async () => {
    await supervisor.stop(instance('store'));
    await hold(PHASE_MS);
    supervisor.launch(instance('store'));
    await supervisor.waitReady(instance('store'));
  });
  await phase('customer SIGKILLed (restarted by the supervisor)', async () => {
    await supervisor.kill(instance('customer'));
    await hold(PHASE_MS / 2);
    await supervisor.waitReady(instance('customer'));
    await hold(PHASE_MS / 2);
  });
  await phase('marketing removed, then added back', async () => {
    await supervisor.stop(instance('marketing'));
    await hold(PHASE_MS);
    supervisor.launch(instance('marketing'));
    await supervisor.waitReady(instance('marketing'));
  });
  await phase(`Kafka stopped for ${KAFKA_DOWN_MS / 1000} s`, async () => {
    infra('stop', 'kafka');
    await hold(KAFKA_DOWN_MS);
    infra('start', 'kafka');
    await hold(PHASE_MS / 2);
  });
  await phase('PostgreSQL restarted', async () => {
    infra('stop', 'postgres');
    await hold(2000);
    infra('start', 'postgres');
    await hold(PHASE_MS);
  });
  await phase('MongoDB-protocol server restarted', async () => {
    infra('stop', 'mongo');
    await hold(2000);
    infra('start', 'mongo');
    await hold(PHASE_MS);
  });
  await phase('pay slowed to 400-620 ms', async () => {
    await setPay(gateways, admin, { latencyMs: '400-620' });
    await hold(PHASE_MS);
  });
  await phase('pay down', async () => {
    await Promise.all(supervisor.of('pay').map((pay) => supervisor.stop(pay)));
    await hold(PHASE_MS);
  });
  await phase('pay healed', async () => {
    for (const pay of supervisor.of('pay')) supervisor.launch(pay);
    await Promise.all(supervisor.of('pay').map((pay) => supervisor.waitReady(pay)));
    await setPay(gateways, admin, { latencyMs: '0' });
    await hold(PHASE_MS);
  });
  await phase('second replicas of app, store, customer, marketing; one app replica SIGKILLed', async () => {
    const seconds = [...later].map((name) => instance(name, 1));
    for (const replica of seconds) supervisor.launch(replica);
    await Promise.all(seconds.map((replica) => supervisor.waitReady(replica)));
    await hold(PHASE_MS / 2);
    await supervisor.kill(instance('app'));
    await hold(PHASE_MS / 2);
    await supervisor.waitReady(instance('app'));
  });
  await phase('rolling restart of every service, one replica at a time', async () => {
    for (const name of ['pay', 'store', 'customer', 'marketing', 'app', 'gateway']) await supervisor.rollout(name, (message) => say(`  ${message}`));
  });
  await phase('healed', () => hold(PHASE_MS / 2));
  await load.stop();
  say(`load stopped: ${load.placed.length} orders placed (${load.placed.filter((order) => order.cancelled).length} cancelled at once), ${gateways.retries} requests retried on the other gateway`);

  report.lagAtLoadStop = await consumerLag(infraEnv).catch(() => undefined);
  if (report.lagAtLoadStop) say(`events still to handle per consumer group: ${Object.entries(report.lagAtLoadStop).map(([name, n]) => `${name} ${n}`).join(', ')}`);
  say('checking the books (waiting for the platform to settle)...');
  report.invariants = await checkInvariants(infraEnv, load, supervisor);
  const failed = report.invariants.filter((invariant) => !invariant.ok);
  await gateways.close();
  await supervisor.stopAll();
  for (const stream of logs.values()) stream.end();
  if (failed.length === 0) await dropData(infraEnv).catch((error) => say(`could not drop the run's data: ${error.message}`));
  else say(`data kept for a look: topic ${topic}, databases chaos_${id}_*; logs in ${logDir}`);
  if (outFile) fs.writeFileSync(outFile, json(report, null, 2));
  say(`${failed.length === 0 ? 'all invariants hold' : `${failed.length} invariant(s) failed`} (${Math.round((Date.now() - started) / 1000)} s)`);
  process.exit(failed.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(`[chaos] ${error.stack ?? error.message}`);
  process.exit(1);
});
