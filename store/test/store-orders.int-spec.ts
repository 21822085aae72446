import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin, Consumer, Partitioners, Producer, RecordMetadata } from 'kafkajs';
import { DomainEvent, EventType, createEvent, parseEvent } from '@fooddelivery/contracts';
import { toMessage } from '@fooddelivery/messaging';
import { dropPostgresDatabases, testInfra } from '../../test/support/infra';
import { dropTestTopics, eventually, freshTopic, testKafka } from '../../test/support/kafka';
import { RunningService, startService, waitUntilReady } from '../../test/support/service-process';
import { call } from '../../test/support/stack';
import { TokenAuthority } from '../../test/support/token-authority';
import { generateSigningKeySync } from '@fooddelivery/platform';

/**
 * store as a real process on the real infrastructure: its own PostgreSQL database (an SQLite file
 * without PostgreSQL), its own Kafka topic and consumer group, its own token keys. Events are
 * published to the topic as pay and app would; what store emits is read back from the topic.
 * Ports 18383 (and 18393 for a second instance).
 */
const PORT = 18383;
const SECOND_PORT = 18393;

const infra = testInfra();
const kafka = testKafka(infra.kafkaBrokers);
/** Stands in for the gateway: the service reads its JWKS and verifies the tokens it signs. */
const authority = new TokenAuthority();
const groupId = `store-test-${randomUUID()}`;
const database = `e2e_store_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
/** PostgreSQL when the infrastructure has it (STORE_TEST_DATABASE=sqlite forces the embedded SQLite file). */
const postgresUrl = process.env.STORE_TEST_DATABASE === 'sqlite' ? undefined : infra.postgresUrl;
const sqliteDir = postgresUrl ? undefined : mkdtempSync(join(tmpdir(), 'fooddelivery-store-'));

let topic: string;
let producer: Producer;
let admin: Admin;
let reader: Consumer;
const running: RunningService[] = [];
const seen: { key: string | undefined; eventType: string | undefined; value: string; partition: number }[] = [];

function databaseEnv(): Record<string, string> {
  if (!postgresUrl) return { SQLITE_PATH: join(sqliteDir!, 'store.sqlite') };
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  return { SERVICE_DATABASE_URL: url.toString() };
}

async function startStore(port = PORT): Promise<RunningService> {
  const service = startService('store', port, {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_CONSUMER_GROUP: groupId,
    ...authority.env(),
    OUTBOX_SWEEP_INTERVAL_MS: '500',
    // STORE_LOG_LEVEL=info STORE_DEBUG=1 prints the services' logs after the run
    ...(process.env.STORE_LOG_LEVEL ? { LOG_LEVEL: process.env.STORE_LOG_LEVEL } : {}),
    ...databaseEnv(),
  });
  running.push(service);
  await waitUntilReady(service, 90_000);
  return service;
}

const stopped: RunningService[] = [];

async function stopStore(service: RunningService): Promise<void> {
  expect(await service.stop()).toBe(0);
  running.splice(running.indexOf(service), 1);
  stopped.push(service);
}

const token = (role: string, sub: string, storeId?: string) => authority.sign({ sub, role, ...(storeId ? { storeId } : {}) });
const owner1 = token('owner', 'owner1', '1');
const owner2 = token('owner', 'owner2', '2');
const root = token('admin', 'root');
const alice = token('customer', 'alice');

let store: RunningService;
const url = (path: string, service = store) => service.url(path);
const get = (path: string, bearer?: string, service = store) =>
  call(url(path, service), bearer ? { token: bearer } : {});
const post = (path: string, bearer?: string, body: unknown = {}) =>
  call(url(path), { method: 'POST', body, ...(bearer ? { token: bearer } : {}) });

function paymentApproved(orderId = randomUUID(), storeId = '1'): DomainEvent {
  return createEvent('PaymentApproved', {
    orderId,
    producer: 'pay',
    payload: {
      paymentId: randomUUID(),
      customerId: 'alice',
      storeId,
      items: [{ menuId: 'chicken', name: 'Chicken', quantity: 2, unitPrice: 18000 }],
      amount: 36000,
    },
  });
}

const orderCancelled = (orderId: string, reason = 'changed my mind'): DomainEvent =>
  createEvent('OrderCancelled', { orderId, producer: 'app', payload: { customerId: 'alice', storeId: '1', reason } });

/** Publishes each event as its producer would (key = orderId, eventType header); returns where each landed. */
async function publish(...events: DomainEvent[]): Promise<RecordMetadata[]> {
  const landed: RecordMetadata[] = [];
  for (const event of events) {
    landed.push(...(await producer.send({ topic, acks: -1, messages: [toMessage(event)] })));
  }
  return landed;
}

/** Waits until store's consumer group has committed past every given message (handled, or skipped). */
async function consumed(records: RecordMetadata[], timeoutMs = 60_000): Promise<void> {
  await eventually(
    async () => {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const at = new Map(committed?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
      return records.every((record) => (at.get(record.partition) ?? -1n) > BigInt(record.baseOffset ?? '0'));
    },
    timeoutMs,
    'store to consume the published events',
  );
}

/** The events store published for one order, parsed and validated, without redeliveries. */
function storeEventsOf(orderId: string): DomainEvent[] {
  const events = new Map<string, DomainEvent>();
  for (const message of seen.filter((m) => m.key === orderId)) {
    const parsed = parseEvent(JSON.parse(message.value));
    if (!parsed.ok) throw new Error(`invalid event on the topic: ${parsed.reason}`);
    if (parsed.event.producer !== 'store') continue;
    expect(message.eventType).toBe(parsed.event.eventType);
    events.set(parsed.event.eventId, parsed.event);
  }
  return [...events.values()];
}

const typesOf = (orderId: string): EventType[] => storeEventsOf(orderId).map((event) => event.eventType);

/** Publishes PaymentApproved and waits until the store order is there. */
async function receivedOrder(storeId = '1'): Promise<string> {
  const event = paymentApproved(randomUUID(), storeId);
  await publish(event);
  await eventually(
    async () => (await get(`/store-orders/${event.orderId}`, root)).status === 200,
    30_000,
    'the store order',
  );
  return event.orderId;
}

/** One owner step that must succeed; answers the store order. */
async function step(orderId: string, name: string, body: unknown = {}, bearer = owner1): Promise<Record<string, any>> {
  const answer = await post(`/store-orders/${orderId}/${name}`, bearer, body);
  expect(answer.status).toBe(200);
  return answer.body as Record<string, any>;
}

/** The value of a counter in store's /metrics (summed over matching label sets). */
async function metric(name: string, labels: Record<string, string>, service = store): Promise<number> {
  const text = (await call(url('/metrics', service))).body as string;
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
      total += Number(line.split(' ').at(-1));
  }
  return total;
}

beforeAll(async () => {
  await authority.listen();
  topic = await freshTopic(kafka);
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  reader = kafka.consumer({ groupId: `store-test-reader-${randomUUID()}` });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message, partition }) => {
      seen.push({
        key: message.key?.toString(),
        eventType: message.headers?.eventType?.toString(),
        value: message.value?.toString() ?? '',
        partition,
      });
    },
  });
  store = await startStore();
}, 120_000);

afterAll(async () => {
  await authority.stop();
  const services = running.splice(0);
  await Promise.all(services.map((service) => service.stop()));
  if (process.env.STORE_DEBUG) for (const service of [...stopped, ...services]) console.log(service.output());
  await reader?.disconnect();
  await producer?.disconnect();
  await admin?.disconnect();
  await dropTestTopics(kafka);
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  if (postgresUrl) await dropPostgresDatabases(postgresUrl, [database]);
}, 120_000);

describe('receiving paid orders (PaymentApproved)', () => {
  it('creates one RECEIVED store order however often PaymentApproved arrives', async () => {
    const event = paymentApproved();
    const repeat = { ...event, eventId: randomUUID() } as DomainEvent; // pay republishing under a new id
    const before = await metric('store_orders_total', { transition: 'received' });
    await consumed(await publish(event, event, repeat));

    const listed = (await get('/store-orders', owner1)).body as { orderId: string }[];
    expect(listed.filter((order) => order.orderId === event.orderId)).toHaveLength(1);
    const order = await get(`/store-orders/${event.orderId}`, owner1);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({
      orderId: event.orderId,
      storeId: '1',
      customerId: 'alice',
      items: [{ menuId: 'chicken', name: 'Chicken', quantity: 2, unitPrice: 18000 }],
      amount: 36000,
      status: 'RECEIVED',
      allowedNext: ['accept', 'reject'],
      timeline: [{ status: 'RECEIVED', at: expect.any(String) }],
    });
    expect(await metric('store_orders_total', { transition: 'received' })).toBe(before + 1);
    expect(typesOf(event.orderId)).toEqual([]);
  });
});

describe('the owner API', () => {
  it('takes an order through accept → start-cooking → finish-cooking → start-delivery → complete-delivery, one event per step, in order', async () => {
    const orderId = await receivedOrder();
    expect((await step(orderId, 'accept')).status).toBe('ACCEPTED');
    expect((await step(orderId, 'start-cooking')).status).toBe('COOKING');
    expect((await step(orderId, 'finish-cooking')).status).toBe('COOKED');
    expect(await step(orderId, 'start-delivery', { rider: 'kim' })).toMatchObject({
      status: 'DELIVERING',
      rider: 'kim',
    });
    const done = await step(orderId, 'complete-delivery');
    expect(done).toMatchObject({ orderId, status: 'DELIVERED', allowedNext: [], rider: 'kim' });
    expect(done.timeline.map((entry: { status: string }) => entry.status)).toEqual([
      'RECEIVED',
      'ACCEPTED',
      'COOKING',
      'COOKED',
      'DELIVERING',
      'DELIVERED',
    ]);

    const expected: EventType[] = [
      'OrderAccepted',
      'CookingStarted',
      'CookingFinished',
      'DeliveryStarted',
      'DeliveryCompleted',
    ];
    await eventually(() => typesOf(orderId).length >= expected.length, 30_000, "store's five events");
    expect(typesOf(orderId)).toEqual(expected);
    for (const event of storeEventsOf(orderId)) {
      expect(event).toMatchObject({
        orderId,
        producer: 'store',
        eventVersion: 1,
        payload: { storeId: '1', customerId: 'alice' },
      });
    }
    expect(storeEventsOf(orderId)[3]?.payload).toEqual({ storeId: '1', customerId: 'alice', rider: 'kim' });
    const partitions = new Set(seen.filter((message) => message.key === orderId).map((message) => message.partition));
    expect(partitions.size).toBe(1); // PaymentApproved and all of store's events: one partition, one order
    expect(await metric('store_orders_total', { transition: 'delivery_completed' })).toBeGreaterThanOrEqual(1);
  });

  it('answers 409 naming the current status and the allowed next steps for a step out of order', async () => {
    const orderId = await receivedOrder();
    const early = await post(`/store-orders/${orderId}/start-cooking`, owner1);
    expect(early.status).toBe(409);
    expect(early.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: `Order ${orderId} is RECEIVED; allowed next: accept, reject (cannot start-cooking)`,
      orderId,
    });
    await step(orderId, 'accept');
    await step(orderId, 'start-cooking');
    const skip = await post(`/store-orders/${orderId}/start-delivery`, owner1);
    expect(skip.status).toBe(409);
    expect(skip.body.message).toBe(`Order ${orderId} is COOKING; allowed next: finish-cooking (cannot start-delivery)`);
    const again = await post(`/store-orders/${orderId}/accept`, owner1);
    expect(again.status).toBe(409);
    expect((await get(`/store-orders/${orderId}`, owner1)).body.status).toBe('COOKING');
  });

  it('lets exactly one of concurrent steps win; the others get 409 and no second event is emitted', async () => {
    const orderId = await receivedOrder();
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post(
          `/store-orders/${orderId}/${i % 2 === 0 ? 'accept' : 'reject'}`,
          owner1,
          i % 2 === 0 ? {} : { reason: 'busy' },
        ),
      ),
    );
    const statuses = attempts.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(5);
    const winner = attempts.find((answer) => answer.status === 200)!.body as { status: string };
    expect((await get(`/store-orders/${orderId}`, owner1)).body.status).toBe(winner.status);
    await eventually(() => typesOf(orderId).length >= 1, 30_000, 'the winning event');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a second committed event would be published by now
    expect(typesOf(orderId)).toEqual([winner.status === 'ACCEPTED' ? 'OrderAccepted' : 'OrderRejected']);
  });

  it('validates input: reject needs a reason, status and limit must be valid (400)', async () => {
    const orderId = await receivedOrder();
    const noReason = await post(`/store-orders/${orderId}/reject`, owner1);
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/reason is required/);
    expect((await post(`/store-orders/${orderId}/reject`, owner1, { reason: '   ' })).status).toBe(400);
    expect((await post(`/store-orders/${orderId}/start-delivery`, owner1, { rider: 42 })).status).toBe(400);

    const badStatus = await get('/store-orders?status=BURNT', owner1);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.message).toMatch(/status must be one of: RECEIVED, ACCEPTED/);
    for (const limit of ['0', '201', 'ten', '1.5'])
      expect((await get(`/store-orders?limit=${limit}`, owner1)).status).toBe(400);
    expect((await get(`/store-orders/${orderId}`, owner1)).body.status).toBe('RECEIVED');
  });

  it('lists newest first, filters by status, honours limit', async () => {
    const first = await receivedOrder();
    const second = await receivedOrder();
    await step(first, 'accept');
    const received = (await get('/store-orders?status=RECEIVED&limit=200', owner1)).body as {
      orderId: string;
      status: string;
    }[];
    expect(received.every((order) => order.status === 'RECEIVED')).toBe(true);
    expect(received.map((order) => order.orderId)).toContain(second);
    expect(received.map((order) => order.orderId)).not.toContain(first);
    const accepted = (await get('/store-orders?status=ACCEPTED', owner1)).body as { orderId: string }[];
    expect(accepted.map((order) => order.orderId)).toContain(first);
    const newest = (await get('/store-orders?limit=2', owner1)).body as { orderId: string; createdAt: string }[];
    expect(newest).toHaveLength(2);
    expect(newest[0].orderId).toBe(second);
    const all = (await get('/store-orders?limit=200', owner1)).body as { createdAt: string }[];
    const times = all.map((order) => Date.parse(order.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("keeps each store's orders to its owner: another owner gets 404, a customer 403, no token 401", async () => {
    const orderId = await receivedOrder('1');
    const elsewhere = await receivedOrder('2');

    expect((await get(`/store-orders/${orderId}`, owner2)).status).toBe(404);
    const foreign = await post(`/store-orders/${orderId}/accept`, owner2);
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toBe(`Store order ${orderId} was not found`);
    const listed2 = (await get('/store-orders?limit=200', owner2)).body as { orderId: string; storeId: string }[];
    expect(listed2.map((order) => order.orderId)).toContain(elsewhere);
    expect(listed2.every((order) => order.storeId === '2')).toBe(true);
    const listed1 = (await get('/store-orders?limit=200', owner1)).body as { storeId: string }[];
    expect(listed1.every((order) => order.storeId === '1')).toBe(true);

    expect((await get('/store-orders', alice)).status).toBe(403);
    expect((await get(`/store-orders/${orderId}`, alice)).status).toBe(403);
    expect((await post(`/store-orders/${orderId}/accept`, alice)).status).toBe(403);
    expect((await get('/store-orders')).status).toBe(401);
    expect((await post(`/store-orders/${orderId}/accept`)).status).toBe(401);
    const forged = authority.sign({ sub: 'mallory', role: 'admin' }, { key: generateSigningKeySync() });
    expect((await get('/store-orders', forged)).status).toBe(401);
    expect((await get(`/store-orders/${randomUUID()}`, owner1)).status).toBe(404);

    const adminList = (await get('/store-orders?limit=200', root)).body as { orderId: string }[];
    expect(adminList.map((order) => order.orderId)).toEqual(expect.arrayContaining([orderId, elsewhere]));
    expect((await post(`/store-orders/${elsewhere}/accept`, root)).body.status).toBe('ACCEPTED');
    expect((await get(`/store-orders/${orderId}`, owner1)).body.status).toBe('RECEIVED');
  });

  it('rejects with a reason: REJECTED and OrderRejected on the topic', async () => {
    const orderId = await receivedOrder();
    const rejected = await step(orderId, 'reject', { reason: 'sold out' });
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: 'sold out', allowedNext: [] });
    await eventually(() => typesOf(orderId).includes('OrderRejected'), 30_000, 'OrderRejected');
    expect(storeEventsOf(orderId)).toEqual([
      expect.objectContaining({
        eventType: 'OrderRejected',
        payload: { storeId: '1', customerId: 'alice', reason: 'sold out' },
      }),
    ]);
    // pay refunds the rejection: its PaymentCancelled changes nothing here
    const refund = createEvent('PaymentCancelled', {
      orderId,
      producer: 'pay',
      payload: {
        paymentId: randomUUID(),
        customerId: 'alice',
        storeId: '1',
        amount: 36000,
        reason: 'order rejected by the store: sold out',
      },
    });
    await consumed(await publish(refund));
    expect((await get(`/store-orders/${orderId}`, owner1)).body.status).toBe('REJECTED');
    expect(typesOf(orderId)).toEqual(['OrderRejected']);
  });
});

describe('cancellations (OrderCancelled, PaymentCancelled)', () => {
  it('cancels a COOKING order with DeliveryCancelled; the next step is refused with 409', async () => {
    const orderId = await receivedOrder();
    await step(orderId, 'accept');
    await step(orderId, 'start-cooking');
    const cancel = orderCancelled(orderId);
    await consumed(await publish(cancel));

    const order = await get(`/store-orders/${orderId}`, owner1);
    expect(order.body).toMatchObject({ status: 'CANCELLED', cancellationReason: 'changed my mind', allowedNext: [] });
    await eventually(() => typesOf(orderId).includes('DeliveryCancelled'), 30_000, 'DeliveryCancelled');
    expect(storeEventsOf(orderId).at(-1)).toMatchObject({
      eventType: 'DeliveryCancelled',
      causationId: cancel.eventId,
      payload: { storeId: '1', customerId: 'alice', reason: 'changed my mind' },
    });
    const late = await post(`/store-orders/${orderId}/finish-cooking`, owner1);
    expect(late.status).toBe(409);
    expect(late.body.message).toBe(`Order ${orderId} is CANCELLED; allowed next: none (cannot finish-cooking)`);
    expect((await post(`/store-orders/${orderId}/start-cooking`, owner1)).status).toBe(409);
  });

  it('recalls a DELIVERING order (the cancel/start-delivery race): CANCELLED with "recalled: …"', async () => {
    const orderId = await receivedOrder();
    for (const name of ['accept', 'start-cooking', 'finish-cooking', 'start-delivery']) await step(orderId, name);
    await consumed(await publish(orderCancelled(orderId, 'customer cancelled')));
    expect((await get(`/store-orders/${orderId}`, owner1)).body).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'recalled: customer cancelled',
    });
    await eventually(() => typesOf(orderId).includes('DeliveryCancelled'), 30_000, 'DeliveryCancelled');
    expect(storeEventsOf(orderId).at(-1)?.payload).toMatchObject({ reason: 'recalled: customer cancelled' });
  });

  it('cancels a DELIVERED order (refunded after the delivery: money decides): CANCELLED with "after delivery: …", the delivery kept in the timeline', async () => {
    const orderId = await receivedOrder();
    for (const name of ['accept', 'start-cooking', 'finish-cooking', 'start-delivery', 'complete-delivery'])
      await step(orderId, name);
    const before = await metric('store_orders_total', { transition: 'cancelled_after_delivery' });
    const cancel = orderCancelled(orderId, 'customer cancelled');
    await consumed(await publish(cancel));
    const order = await get(`/store-orders/${orderId}`, owner1);
    expect(order.body).toMatchObject({
      status: 'CANCELLED',
      cancellationReason: 'after delivery: customer cancelled',
      allowedNext: [],
    });
    expect((order.body as { timeline: { status: string }[] }).timeline.map((entry) => entry.status)).toEqual([
      'RECEIVED',
      'ACCEPTED',
      'COOKING',
      'COOKED',
      'DELIVERING',
      'DELIVERED',
      'CANCELLED',
    ]);
    await eventually(() => typesOf(orderId).includes('DeliveryCancelled'), 30_000, 'DeliveryCancelled');
    expect(storeEventsOf(orderId).at(-1)).toMatchObject({
      eventType: 'DeliveryCancelled',
      causationId: cancel.eventId,
      payload: { storeId: '1', customerId: 'alice', reason: 'after delivery: customer cancelled' },
    });
    expect(await metric('store_orders_total', { transition: 'cancelled_after_delivery' })).toBe(before + 1);

    // pay's refund of that cancellation follows: nothing more
    const refund = createEvent('PaymentCancelled', {
      orderId,
      producer: 'pay',
      payload: { paymentId: randomUUID(), customerId: 'alice', storeId: '1', amount: 36000, reason: 'order cancelled' },
    });
    await consumed(await publish(refund));
    expect((await get(`/store-orders/${orderId}`, owner1)).body.cancellationReason).toBe(
      'after delivery: customer cancelled',
    );
    expect(typesOf(orderId).filter((type) => type === 'DeliveryCancelled')).toHaveLength(1);
  });

  it('creates no live order when the cancellation overtakes PaymentApproved', async () => {
    const orderId = randomUUID();
    await consumed(await publish(orderCancelled(orderId), paymentApproved(orderId)));
    expect((await get(`/store-orders/${orderId}`, root)).status).toBe(404);
    expect((await get(`/store-orders/${orderId}`, owner1)).status).toBe(404);
    const listed = (await get('/store-orders?limit=200', root)).body as { orderId: string }[];
    expect(listed.map((order) => order.orderId)).not.toContain(orderId);
    expect((await post(`/store-orders/${orderId}/accept`, owner1)).status).toBe(404);
    expect(typesOf(orderId)).toEqual([]);
  });
});

describe('availability and scale-out', () => {
  it('catches up on the PaymentApproved events published while it was down (committed offsets)', async () => {
    await stopStore(store);
    const missed = Array.from({ length: 5 }, () => paymentApproved());
    await publish(...missed);
    store = await startStore();
    const ids = missed.map((event) => event.orderId);
    await eventually(
      async () => {
        const listed = (await get('/store-orders?status=RECEIVED&limit=200', root)).body as { orderId: string }[];
        return ids.every((id) => listed.some((order) => order.orderId === id));
      },
      60_000,
      'the missed orders',
    );
    for (const id of ids) expect((await get(`/store-orders/${id}`, owner1)).body.status).toBe('RECEIVED');
  }, 180_000);

  it('shares the work with a second instance in the same group: N events → exactly N orders, even when one stops mid-stream', async () => {
    const second = await startStore(SECOND_PORT);
    const batch = Array.from({ length: 30 }, () => paymentApproved());
    const landed = await publish(...batch.slice(0, 15));
    const stopping = stopStore(store); // leaves the group while events keep coming
    landed.push(...(await publish(...batch.slice(15))));
    await stopping;
    store = second;
    await consumed(landed, 90_000);

    const listed = (await get('/store-orders?limit=200', root)).body as { orderId: string }[];
    const ids = new Set(batch.map((event) => event.orderId));
    const ours = listed.filter((order) => ids.has(order.orderId));
    expect(ours).toHaveLength(batch.length);
    expect(new Set(ours.map((order) => order.orderId)).size).toBe(batch.length);
  }, 180_000);
});
