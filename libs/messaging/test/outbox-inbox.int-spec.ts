import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import { DomainEvent, createEvent } from '@fooddelivery/contracts';
import {
  EventPublisher,
  MongoOutboxStore,
  OutboxRelay,
  OutboxStore,
  TypeOrmOutboxStore,
  applyOnce,
  applyOnceToDocument,
  stageEvents,
} from '@fooddelivery/messaging';
import { RelationalTarget, relationalOptions } from '@fooddelivery/persistence';
import { postgresTestUrl, testInfra } from '../../../test/support/infra';
import { dropTestTopics, freshTopic, readTopic, silentLogger, testKafka } from '../../../test/support/kafka';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TestOrderEntity, TEST_ORDER_TABLE, testOrderModel } = require('../../../test/fixtures/test-order');

const infra = testInfra();
const FIXTURE = join(__dirname, '../../../test/fixtures/outbox-write-then-crash.js');
const sqliteDir = mkdtempSync(join(tmpdir(), 'fooddelivery-outbox-'));
const relationalTargets: [string, RelationalTarget][] = [['SQLite', { kind: 'sqlite', path: join(sqliteDir, 'outbox.sqlite') }]];
const pg = postgresTestUrl(infra);
if (pg) relationalTargets.push(['PostgreSQL', { kind: 'postgres', url: pg, database: 'fooddelivery_test' }]);
else console.warn('PostgreSQL is not available here: relational tests run on SQLite only');

afterAll(async () => {
  rmSync(sqliteDir, { recursive: true, force: true });
  await dropTestTopics(testKafka(infra.kafkaBrokers));
});

/** Runs the fixture, which writes an order and its event atomically and is SIGKILLed before publishing. */
async function writeThenCrash(args: string[]): Promise<void> {
  const child = spawn(process.execPath, [FIXTURE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, s) => resolve(s)));
  expect(signal).toBe('SIGKILL');
  expect(output).toContain('committed');
}

function placed(orderId: string) {
  return createEvent('OrderPlaced', {
    orderId,
    producer: 'test',
    payload: { customerId: 'alice', storeId: '1', items: [{ menuId: 'm1', name: 'Chicken', quantity: 1, unitPrice: 18000 }], totalAmount: 18000 },
  });
}

async function relayOnce(kafka: Kafka, topic: string, store: OutboxStore): Promise<void> {
  const publisher = new EventPublisher(kafka, topic);
  await publisher.connect();
  const relay = new OutboxRelay({ name: 'test', store, sink: publisher, logger: silentLogger });
  relay.start(); // a new process: the start-up sweep republishes what the dead one left behind
  await relay.stop();
  await publisher.disconnect();
}

describe.each(relationalTargets)('TypeORM outbox and inbox on %s', (_name, target) => {
  let dataSource: DataSource;
  const kafka = testKafka(infra.kafkaBrokers);

  beforeAll(async () => {
    dataSource = await new DataSource(relationalOptions(target, [TestOrderEntity])).initialize();
    await dataSource.query(TEST_ORDER_TABLE);
  });
  afterAll(() => dataSource.destroy());

  it('publishes an event committed by a process that died before publishing it', async () => {
    const topic = await freshTopic(kafka);
    const orderId = randomUUID();
    await writeThenCrash(['relational', target.kind === 'postgres' ? target.url : target.path, orderId]);

    const store = new TypeOrmOutboxStore(dataSource);
    const [order] = await dataSource.query(`SELECT status FROM test_order WHERE id = '${orderId}'`);
    expect(order).toEqual({ status: 'PLACED' });
    expect((await store.fetchPending(1000, 0)).map((e) => e.orderId)).toContain(orderId);

    await relayOnce(kafka, topic, store);
    const messages = await readTopic(kafka, topic, 1);
    const published = messages.map((m) => JSON.parse(m.value) as DomainEvent).filter((e) => e.orderId === orderId);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ eventType: 'OrderPlaced', orderId });
    expect((await store.fetchPending(1000, 0)).map((e) => e.orderId)).not.toContain(orderId);
  });

  it('rolls the outbox back with the aggregate when the transaction fails', async () => {
    const orderId = randomUUID();
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.insert('TestOrder', { id: orderId, status: 'PLACED' });
        await stageEvents(manager, [placed(orderId)]);
        throw new Error('payment declined');
      }),
    ).rejects.toThrow('payment declined');
    const store = new TypeOrmOutboxStore(dataSource);
    expect((await store.fetchPending(1000, 0)).map((e) => e.orderId)).not.toContain(orderId);
  });

  it('applies a redelivered event once (inbox)', async () => {
    const orderId = randomUUID();
    await dataSource.query(`INSERT INTO test_order (id, status) VALUES ('${orderId}', 'PLACED')`);
    const eventId = randomUUID();
    const accept = (manager: import('typeorm').EntityManager) =>
      manager.query(`UPDATE test_order SET status = status || '+' WHERE id = '${orderId}'`);

    expect(await applyOnce(dataSource, 'store', eventId, accept)).toBe('applied');
    expect(await applyOnce(dataSource, 'store', eventId, accept)).toBe('duplicate');
    expect(await applyOnce(dataSource, 'customer', eventId, accept)).toBe('applied'); // another consumer's inbox

    const [order] = await dataSource.query(`SELECT status FROM test_order WHERE id = '${orderId}'`);
    expect(order.status).toBe('PLACED++');
  });

  it('records nothing in the inbox when the handler fails, so a retry applies it', async () => {
    const eventId = randomUUID();
    await expect(
      applyOnce(dataSource, 'store', eventId, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await applyOnce(dataSource, 'store', eventId, async () => undefined)).toBe('applied');
  });
});

describe('MongoDB outbox and inbox on FerretDB', () => {
  const database = `fooddelivery_test_${randomUUID().slice(0, 8)}`;
  const kafka = testKafka(infra.kafkaBrokers);
  let Order: mongoose.Model<any>;

  beforeAll(async () => {
    await mongoose.connect(infra.mongoUrl, { dbName: database, retryWrites: false, serverSelectionTimeoutMS: 5000 });
    Order = testOrderModel(mongoose);
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
  });

  it('publishes an event kept in the aggregate document by a process that died before publishing it', async () => {
    const topic = await freshTopic(kafka);
    const orderId = randomUUID();
    await writeThenCrash(['document', infra.mongoUrl, database, orderId]);

    const store = new MongoOutboxStore(Order);
    expect(await store.countPending()).toBeGreaterThanOrEqual(1);
    await relayOnce(kafka, topic, store);

    const [message] = await readTopic(kafka, topic, 1);
    expect(JSON.parse(message.value)).toMatchObject({ eventType: 'OrderPlaced', orderId });
    expect(message.key).toBe(orderId);
    const order = await Order.findById(orderId).lean<{ status: string; pendingEvents: unknown[] }>();
    expect(order).toMatchObject({ status: 'PLACED', pendingEvents: [] });
  });

  it('publishes only events old enough for the sweep, oldest first', async () => {
    const orderId = randomUUID();
    const old = createEvent('OrderPlaced', { ...placed(orderId), occurredAt: new Date(Date.now() - 60_000) });
    const fresh = placed(orderId);
    await Order.create({ _id: orderId, status: 'PLACED', pendingEvents: [fresh, old] });
    const store = new MongoOutboxStore(Order);
    const sweep = (await store.fetchPending(100, 5000)).filter((e) => e.orderId === orderId);
    expect(sweep.map((e) => e.eventId)).toEqual([old.eventId]);
    const all = (await store.fetchPending(100, 0)).filter((e) => e.orderId === orderId);
    expect(all.map((e) => e.eventId)).toEqual([old.eventId, fresh.eventId]);
    await store.markPublished([old]);
    const left = await Order.findById(orderId).lean<{ pendingEvents: { eventId: string }[] }>();
    expect(left!.pendingEvents.map((e) => e.eventId)).toEqual([fresh.eventId]);
  });

  it('clears what it published in one write per document, and leaves an event added meanwhile', async () => {
    const store = new MongoOutboxStore(Order, (event) => event.orderId);
    const [first, second] = [randomUUID(), randomUUID()];
    const events = [placed(first), placed(second)];
    await Order.create({ _id: first, status: 'PLACED', pendingEvents: [events[0]], outboxPending: true });
    await Order.create({ _id: second, status: 'PLACED', pendingEvents: [events[1]], outboxPending: true });
    const later = placed(second);
    await Order.updateOne({ _id: second }, { $push: { pendingEvents: later } });

    await store.markPublished(events);

    const [cleared, stillPending] = await Promise.all([first, second].map((id) => Order.findById(id).lean<{ pendingEvents: { eventId: string }[]; outboxPending: boolean }>()));
    expect(cleared).toMatchObject({ pendingEvents: [], outboxPending: false });
    expect(stillPending!.pendingEvents.map((event) => event.eventId)).toEqual([later.eventId]);
    expect(stillPending!.outboxPending).toBe(true);
    const found = (await store.fetchPending(100, 0)).map((event) => event.eventId);
    expect(found).toContain(later.eventId);
    expect(found).not.toContain(events[0].eventId);

    await store.markPublished([later]);
    expect(await Order.findById(second).lean()).toMatchObject({ pendingEvents: [], outboxPending: false });
  });

  it('applies a redelivered event once to a document (inbox in the document)', async () => {
    const orderId = randomUUID();
    const eventId = randomUUID();
    const upsert = () => applyOnceToDocument(Order, { _id: orderId }, eventId, { $inc: { count: 1 }, $set: { status: 'ACCEPTED' } }, { upsert: true });
    expect(await upsert()).toBe('applied');
    expect(await upsert()).toBe('duplicate');
    const next = await applyOnceToDocument(Order, { _id: orderId }, randomUUID(), { $inc: { count: 1 } });
    expect(next).toBe('applied');
    expect(await applyOnceToDocument(Order, { _id: 'no-such-order' }, randomUUID(), { $inc: { count: 1 } })).toBe('not_found');
    const order = await Order.findById(orderId).lean<{ count: number; status: string }>();
    expect(order).toMatchObject({ count: 2, status: 'ACCEPTED' });
  });
});
