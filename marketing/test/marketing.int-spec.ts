import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin, Consumer, Partitioners, Producer, RecordMetadata } from 'kafkajs';
import { DomainEvent, EventEnvelope, createEvent, parseEvent } from '@fooddelivery/contracts';
import { toMessage } from '@fooddelivery/messaging';
import { dropPostgresDatabases, testInfra } from '../../test/support/infra';
import { dropTestTopics, eventually, freshTopic, testKafka } from '../../test/support/kafka';
import { RunningService, startService, waitUntilReady } from '../../test/support/service-process';
import { call } from '../../test/support/stack';
import { TokenAuthority } from '../../test/support/token-authority';
import { generateSigningKeySync } from '@fooddelivery/platform';

/**
 * marketing alone, as a real process on the real infrastructure: its own PostgreSQL database (an
 * SQLite file without PostgreSQL, or with MARKETING_TEST_DATABASE=sqlite), its own Kafka topic and
 * consumer group, its own token keys. Events are published as app and store would publish them —
 * the first ones before marketing ever ran; what marketing emits is read back from the topic.
 * Port 18585. The tests build on each other, in order.
 */
const PORT = 18585;
const SECOND_PORT = 18595;

const infra = testInfra();
const kafka = testKafka(infra.kafkaBrokers);
/** Stands in for the gateway: the service reads its JWKS and verifies the tokens it signs. */
const authority = new TokenAuthority();
const database = `e2e_marketing_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const postgresUrl = process.env.MARKETING_TEST_DATABASE === 'sqlite' ? undefined : infra.postgresUrl;
const sqliteDir = postgresUrl ? undefined : mkdtempSync(join(tmpdir(), 'fooddelivery-marketing-'));
let groupId = `marketing-test-${randomUUID()}`;

let topic: string;
let producer: Producer;
let admin: Admin;
let reader: Consumer;
let marketing: RunningService | undefined;
/** A second replica in the same consumer group and database (the scale-out test). */
let replica: RunningService | undefined;
const stopped: RunningService[] = [];
const published: RecordMetadata[] = [];
const seen: { key: string | undefined; eventType: string | undefined; value: string }[] = [];
/** The next offset the reader has not seen yet, per partition. */
const readerAt = new Map<number, number>();

function databaseEnv(): Record<string, string> {
  if (!postgresUrl) return { SQLITE_PATH: join(sqliteDir!, 'marketing.sqlite') };
  const url = new URL(postgresUrl);
  url.pathname = `/${database}`;
  return { SERVICE_DATABASE_URL: url.toString() };
}

function marketingEnv(): Record<string, string> {
  return {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_CONSUMER_GROUP: groupId,
    ...authority.env(),
    OUTBOX_SWEEP_INTERVAL_MS: '500',
    // MARKETING_LOG_LEVEL=info MARKETING_DEBUG=1 prints the service's logs after the run
    ...(process.env.MARKETING_LOG_LEVEL ? { LOG_LEVEL: process.env.MARKETING_LOG_LEVEL } : {}),
    ...databaseEnv(),
  };
}

async function startMarketing(): Promise<RunningService> {
  const service = startService('marketing', PORT, marketingEnv());
  marketing = service;
  await waitUntilReady(service, 90_000);
  return service;
}

async function stopMarketing(): Promise<void> {
  const service = marketing!;
  marketing = undefined;
  expect(await service.stop()).toBe(0);
  stopped.push(service);
}

const token = (role: string, sub: string, storeId?: string) => authority.sign({ sub, role, ...(storeId ? { storeId } : {}) });
const alice = token('customer', 'alice');
const bob = token('customer', 'bob');
const root = token('admin', 'root');
const owner = token('owner', 'owner1', '1');

const get = (path: string, bearer?: string) => call(`http://127.0.0.1:${PORT}${path}`, bearer ? { token: bearer } : {});

const MENUS = {
  chicken: { storeId: '1', menuId: 'chicken', name: 'Chicken', unitPrice: 18000 },
  cola: { storeId: '1', menuId: 'chicken-cola', name: 'Cola', unitPrice: 2000 },
  pizza: { storeId: '2', menuId: 'pizza', name: 'Pizza', unitPrice: 21000 },
  garlic: { storeId: '2', menuId: 'garlic-bread', name: 'Garlic Bread', unitPrice: 5000 },
  tangsuyuk: { storeId: '3', menuId: 'tangsuyuk', name: 'Tangsuyuk', unitPrice: 22000 },
};
type Menu = (typeof MENUS)[keyof typeof MENUS];

function orderPlaced(orderId: string, customerId: string, menus: Menu[]): DomainEvent {
  const items = menus.map(({ menuId, name, unitPrice }) => ({ menuId, name, unitPrice, quantity: 1 }));
  return createEvent('OrderPlaced', {
    orderId,
    producer: 'app',
    payload: {
      customerId,
      storeId: menus[0].storeId,
      items,
      totalAmount: items.reduce((sum, item) => sum + item.unitPrice, 0),
    },
  });
}

function deliveryCompleted(orderId: string, customerId: string, storeId = '1'): EventEnvelope<'DeliveryCompleted'> {
  return createEvent('DeliveryCompleted', {
    orderId,
    producer: 'store',
    payload: { storeId, customerId, rider: 'kim' },
  });
}

/** Publishes each event as its producer would (key = orderId, eventType header). */
async function publish(...events: DomainEvent[]): Promise<RecordMetadata[]> {
  const landed: RecordMetadata[] = [];
  for (const event of events) {
    landed.push(...(await producer.send({ topic, acks: -1, messages: [toMessage(event)] })));
  }
  published.push(...landed);
  return landed;
}

/** Waits until marketing's consumer group has committed past every given message (handled, or skipped). */
async function consumed(records: RecordMetadata[] = published, timeoutMs = 90_000): Promise<void> {
  await eventually(
    async () => {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const at = new Map(committed?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
      return records.every((record) => (at.get(record.partition) ?? -1n) > BigInt(record.baseOffset ?? '0'));
    },
    timeoutMs,
    'marketing to consume the published events',
  );
}

/** The value of a metric in marketing's /metrics (summed over matching label sets). */
async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = (await get('/metrics')).body as string;
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
      total += Number(line.split(' ').at(-1));
  }
  return total;
}

/**
 * Everything published so far was consumed, everything marketing committed in consequence was
 * published (its outbox is empty), and the reader has read the topic to its end: what the reader
 * has seen is then all there is — no sleeping, however slow the machine.
 */
async function settled(): Promise<void> {
  await consumed();
  await eventually(async () => (await metric('outbox_backlog', { outbox: 'coupons' })) === 0, 60_000, 'the outbox');
  const ends = await admin.fetchTopicOffsets(topic);
  await eventually(
    () => ends.every(({ partition, high, low }) => high === low || (readerAt.get(partition) ?? 0) >= Number(high)),
    60_000,
    'the reader to reach the end of the topic',
  );
}

/** The CouponIssued events on the topic, parsed and validated, without redeliveries (by eventId). */
function couponEvents(): EventEnvelope<'CouponIssued'>[] {
  const events = new Map<string, EventEnvelope<'CouponIssued'>>();
  for (const message of seen.filter((m) => m.eventType === 'CouponIssued')) {
    const parsed = parseEvent(JSON.parse(message.value));
    if (!parsed.ok) throw new Error(`invalid event on the topic: ${parsed.reason}`);
    if (parsed.event.eventType !== 'CouponIssued') throw new Error('eventType header and envelope disagree');
    expect(message.key).toBe(parsed.event.orderId);
    events.set(parsed.event.eventId, parsed.event);
  }
  return [...events.values()];
}

interface CouponBody {
  couponId: string;
  code: string;
  customerId: string;
  kind: string;
  discount: number;
  reason: string;
  orderId: string;
  issuedAt: string;
  expiresAt: string;
  status: string;
}

/** alice's delivered orders a-1…a-4 (their DeliveryCompleted by orderId), published before marketing ever ran. */
const aliceOrders = Array.from({ length: 4 }, () => randomUUID());
const aliceDeliveries = new Map<string, EventEnvelope<'DeliveryCompleted'>>();

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
  reader = kafka.consumer({ groupId: `marketing-test-reader-${randomUUID()}` });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message, partition }) => {
      seen.push({
        key: message.key?.toString(),
        eventType: message.headers?.eventType?.toString(),
        value: message.value?.toString() ?? '',
      });
      readerAt.set(partition, Math.max(readerAt.get(partition) ?? 0, Number(message.offset) + 1));
    },
  });

  // the history marketing finds when it starts for the first time
  for (const orderId of aliceOrders) {
    const delivery = deliveryCompleted(orderId, 'alice');
    aliceDeliveries.set(orderId, delivery);
    await publish(orderPlaced(orderId, 'alice', [MENUS.chicken, MENUS.cola]), delivery);
  }
  const cancelled = randomUUID();
  await publish(
    orderPlaced(cancelled, 'alice', [MENUS.tangsuyuk]),
    createEvent('OrderCancelled', {
      orderId: cancelled,
      producer: 'app',
      payload: { customerId: 'alice', storeId: '3', reason: 'changed my mind' },
    }),
    orderPlaced(randomUUID(), 'carol', [MENUS.pizza, MENUS.garlic]),
    orderPlaced(randomUUID(), 'dave', [MENUS.pizza, MENUS.garlic]),
  );
  await startMarketing();
}, 150_000);

afterAll(async () => {
  await authority.stop();
  await Promise.all([marketing?.stop(), replica?.stop()]);
  if (replica) stopped.push(replica);
  if (process.env.MARKETING_DEBUG)
    for (const service of [...stopped, ...(marketing ? [marketing] : [])]) console.log(service.output());
  await reader?.disconnect();
  await producer?.disconnect();
  await admin?.disconnect();
  await dropTestTopics(kafka);
  if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  if (postgresUrl) await dropPostgresDatabases(postgresUrl, [database]);
}, 120_000);

describe('coupons', () => {
  it('reads the stream from the beginning at its first start and issues exactly the coupons past deliveries earned', async () => {
    await eventually(() => couponEvents().length >= 2, 90_000, 'the coupons of the past deliveries');
    await settled();

    const events = couponEvents();
    expect(events).toHaveLength(2);
    const byDiscount = [...events].sort((a, b) => a.payload.discount - b.payload.discount);
    const [welcome, loyalty] = byDiscount as [EventEnvelope<'CouponIssued'>, EventEnvelope<'CouponIssued'>];
    expect(welcome.payload).toMatchObject({
      customerId: 'alice',
      discount: 3000,
      reason: 'welcome: your first delivered order',
    });
    expect(loyalty.payload).toMatchObject({
      customerId: 'alice',
      discount: 5000,
      reason: 'loyalty: your 3rd delivered order',
    });
    for (const event of events) {
      expect(event).toMatchObject({ producer: 'marketing', eventVersion: 1 });
      expect(aliceOrders).toContain(event.orderId); // the order that earned it…
      expect(event.causationId).toBe(aliceDeliveries.get(event.orderId)!.eventId); // …and its DeliveryCompleted
    }
    expect(welcome.orderId).not.toBe(loyalty.orderId);

    const answer = await get('/coupons', alice);
    expect(answer.status).toBe(200);
    const coupons = answer.body as CouponBody[];
    expect(coupons).toHaveLength(2);
    expect(coupons.map((coupon) => coupon.kind)).toEqual(['LOYALTY', 'WELCOME']); // newest first
    expect(coupons[0]).toEqual({
      couponId: loyalty.payload.couponId,
      code: expect.stringMatching(/^LOYAL-[0-9A-F]{10}$/),
      customerId: 'alice',
      kind: 'LOYALTY',
      discount: 5000,
      reason: 'loyalty: your 3rd delivered order',
      orderId: loyalty.orderId,
      issuedAt: expect.any(String),
      expiresAt: expect.any(String),
      status: 'ACTIVE',
    });
    expect(coupons[1]).toMatchObject({
      couponId: welcome.payload.couponId,
      code: expect.stringMatching(/^WELCOME-[0-9A-F]{10}$/),
      discount: 3000,
      orderId: welcome.orderId,
    });
    expect(Date.parse(coupons[1].expiresAt) - Date.parse(coupons[1].issuedAt)).toBe(30 * 86_400_000);
    expect(await metric('coupons_issued_total', { kind: 'welcome' })).toBe(1);
    expect(await metric('coupons_issued_total', { kind: 'loyalty' })).toBe(1);
  });

  it('issues nothing more after a restart, when it re-reads the whole stream, or a delivery is replayed under the same or a new event id', async () => {
    const before = ((await get('/coupons', alice)).body as CouponBody[]).map((coupon) => coupon.couponId);

    // restarted: it resumes from its committed offsets
    await stopMarketing();
    await startMarketing();
    await settled();
    expect(couponEvents()).toHaveLength(2);
    expect(((await get('/coupons', alice)).body as CouponBody[]).map((coupon) => coupon.couponId)).toEqual(before);

    // restarted with a consumer group of its own: it reads every event from the beginning again
    await stopMarketing();
    groupId = `marketing-test-${randomUUID()}`;
    await startMarketing();
    await settled();
    expect(couponEvents()).toHaveLength(2);

    // the same deliveries again, and two of them under new event ids (a replay of the same orders)
    const [first, , third] = aliceOrders.map((orderId) => aliceDeliveries.get(orderId)!);
    await publish(
      ...aliceDeliveries.values(),
      { ...first, eventId: randomUUID() },
      { ...third, eventId: randomUUID() },
    );
    await settled();
    expect(couponEvents()).toHaveLength(2);
    expect(((await get('/coupons', alice)).body as CouponBody[]).map((coupon) => coupon.couponId)).toEqual(before);

    // the replays counted nothing: the 5th delivered order earns nothing, the 6th a loyalty coupon
    const fifth = randomUUID();
    await publish(orderPlaced(fifth, 'alice', [MENUS.chicken, MENUS.cola]), deliveryCompleted(fifth, 'alice'));
    await settled();
    expect(couponEvents()).toHaveLength(2);
    const sixth = randomUUID();
    const sixthDelivery = deliveryCompleted(sixth, 'alice');
    await publish(orderPlaced(sixth, 'alice', [MENUS.chicken, MENUS.cola]), sixthDelivery);
    await settled();
    const events = couponEvents();
    expect(events).toHaveLength(3);
    expect(events.find((event) => event.orderId === sixth)).toMatchObject({
      causationId: sixthDelivery.eventId,
      payload: { customerId: 'alice', discount: 5000, reason: 'loyalty: your 6th delivered order' },
    });
    const coupons = (await get('/coupons', alice)).body as CouponBody[];
    expect(coupons.map((coupon) => coupon.orderId)[0]).toBe(sixth);
    expect(coupons).toHaveLength(3);
  }, 300_000);

  it("shows each customer only their own coupons; admins anyone's; no token 401, owners 403", async () => {
    const mine = (await get('/coupons', alice)).body as CouponBody[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((coupon) => coupon.customerId === 'alice')).toBe(true);
    expect(await get('/coupons', bob)).toMatchObject({ status: 200, body: [] });
    expect(await get('/coupons?customerId=bob', bob)).toMatchObject({ status: 200, body: [] });

    const foreign = await get('/coupons?customerId=alice', bob);
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    const forAdmin = (await get('/coupons?customerId=alice', root)).body as CouponBody[];
    expect(forAdmin.map((coupon) => coupon.couponId)).toEqual(mine.map((coupon) => coupon.couponId));
    expect(((await get('/coupons?limit=1', alice)).body as CouponBody[]).map((c) => c.couponId)).toEqual([
      mine[0].couponId,
    ]);

    expect((await get('/coupons')).status).toBe(401);
    expect((await get('/recommendations')).status).toBe(401);
    const forged = authority.sign({ sub: 'mallory', role: 'admin' }, { key: generateSigningKeySync() });
    expect((await get('/coupons', forged)).status).toBe(401);
    expect((await get('/coupons', owner)).status).toBe(403);
    expect((await get('/recommendations', owner)).status).toBe(403);
    for (const limit of ['0', '201', 'ten']) expect((await get(`/coupons?limit=${limit}`, alice)).status).toBe(400);
  });
});

describe('recommendations', () => {
  interface MenuBody {
    storeId: string;
    menuId: string;
    name: string;
    score: number;
    basis: string;
    reason: string;
  }
  interface RecommendationsBody {
    customerId?: string;
    basis: string;
    menus: MenuBody[];
    stores: { storeId: string; score: number; basis: string; reason: string }[];
    generatedAt: string;
  }
  const recommendationsOf = async (bearer: string, query = ''): Promise<RecommendationsBody> => {
    const answer = await get(`/recommendations${query}`, bearer);
    expect(answer.status).toBe(200);
    return answer.body as RecommendationsBody;
  };

  it('gives a customer without history what is popular now, and changes as their orders come in', async () => {
    const cold = await recommendationsOf(bob);
    expect(cold).toMatchObject({ customerId: 'bob', basis: 'popular' });
    // alice's chicken-and-cola orders are the most ordered; her cancelled tangsuyuk does not count
    expect(
      cold.menus
        .slice(0, 2)
        .map((menu) => menu.menuId)
        .sort(),
    ).toEqual(['chicken', 'chicken-cola']);
    expect(cold.menus.every((menu) => menu.basis === 'popular' && menu.reason.startsWith('popular now'))).toBe(true);
    expect(cold.menus.map((menu) => menu.menuId)).not.toContain('tangsuyuk');
    expect(cold.menus.map((menu) => menu.menuId)).toEqual(expect.arrayContaining(['pizza', 'garlic-bread']));

    await consumed(
      await publish(orderPlaced(randomUUID(), 'bob', [MENUS.pizza]), orderPlaced(randomUUID(), 'bob', [MENUS.pizza])),
    );
    const warm = await recommendationsOf(bob);
    expect(warm.basis).toBe('history');
    expect(warm.menus[0]).toMatchObject({ menuId: 'pizza', basis: 'reorder', reason: 'you ordered it twice' });
    expect(warm.menus[1]).toMatchObject({
      menuId: 'garlic-bread',
      basis: 'also-ordered',
      reason: 'customers who order Pizza also order Garlic Bread',
    });
    expect(warm.stores[0]).toMatchObject({ storeId: '2', basis: 'reorder', reason: 'you ordered from it twice' });
    expect(warm.menus.map((menu) => menu.menuId)).not.toEqual(cold.menus.map((menu) => menu.menuId));

    const viaAdmin = await recommendationsOf(root, '?customerId=bob');
    expect(viaAdmin.menus).toEqual(warm.menus);
    expect((await get('/recommendations?customerId=alice', bob)).status).toBe(403);
    expect((await recommendationsOf(bob, '?limit=1')).menus).toHaveLength(1);
    expect((await get('/recommendations?limit=51', bob)).status).toBe(400);
    expect(await metric('recommendations_served_total', { basis: 'history' })).toBeGreaterThanOrEqual(1);
  });
});

describe('scale-out', () => {
  it("numbers one customer's deliveries without gaps or doubles while two replicas consume them concurrently", async () => {
    replica = startService('marketing', SECOND_PORT, marketingEnv());
    await waitUntilReady(replica, 90_000);
    // nine orders of erin: different orderIds, so spread over the partitions and both replicas
    const orders: string[] = Array.from({ length: 9 }, () => randomUUID());
    const deliveries = orders.map((orderId) => deliveryCompleted(orderId, 'erin'));
    await publish(...deliveries, ...deliveries.slice(0, 3).map((event) => ({ ...event, eventId: randomUUID() })));
    await settled();

    const erins = couponEvents().filter((event) => event.payload.customerId === 'erin');
    expect(erins.map((event) => event.payload.reason).sort()).toEqual([
      'loyalty: your 3rd delivered order',
      'loyalty: your 6th delivered order',
      'loyalty: your 9th delivered order',
      'welcome: your first delivered order',
    ]);
    expect(new Set(erins.map((event) => event.orderId)).size).toBe(4);
    for (const event of erins) {
      expect(event.causationId).toBe(deliveries[orders.indexOf(event.orderId)].eventId);
    }
    const coupons = (await get('/coupons?customerId=erin', root)).body as CouponBody[];
    expect(coupons.map((coupon) => coupon.couponId).sort()).toEqual(
      erins.map((event) => event.payload.couponId).sort(),
    );
    expect(coupons.map((coupon) => coupon.reason)[0]).toBe('loyalty: your 9th delivered order');
  }, 300_000);
});
