import { DatabaseQueue } from '@fooddelivery/persistence';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { KafkaMessaging } from '@fooddelivery/messaging';
import { TypeOrmOutboxStore } from '@fooddelivery/messaging';
import { RelationalTarget, ensurePostgresDatabase, relationalOptions } from '@fooddelivery/persistence';
import { dropPostgresDatabases, testInfra } from '../../test/support/infra';
import { ApprovalPolicy } from '../src/domain/approval-policy';
import { Payment } from '../src/domain/payment';
import { PaymentRecord } from '../src/adapters/persistence/payment.orm-entity';
import { TypeOrmPaymentRepository } from '../src/adapters/persistence/payment.typeorm-repository';
import { CreatePaymentTable1732500000000 } from '../src/adapters/persistence/migrations/1732500000000-create-payment-table';

/** The TypeORM adapter on both databases it runs on: migrations, the claim, optimistic updates, outbox, inbox. */
const infra = testInfra();
const sqliteDir = mkdtempSync(join(tmpdir(), 'pay-repository-'));
const postgresDatabase = `pay_repository_test_${randomUUID().slice(0, 8)}`;
const targets: [string, RelationalTarget][] = [['SQLite', { kind: 'sqlite', path: join(sqliteDir, 'pay.sqlite') }]];
if (infra.postgresUrl) {
  const url = new URL(infra.postgresUrl);
  url.pathname = `/${postgresDatabase}`;
  targets.push(['PostgreSQL', { kind: 'postgres', url: url.toString(), database: postgresDatabase }]);
}

/** The relay is not under test here: a stand-in that only counts flushes. */
const flushes = { count: 0 };
const messaging = {
  addOutbox: () => ({
    flush: async () => {
      flushes.count++;
    },
  }),
} as unknown as KafkaMessaging;

afterAll(async () => {
  rmSync(sqliteDir, { recursive: true, force: true });
  if (!infra.postgresUrl) return;
  await dropPostgresDatabases(infra.postgresUrl, [postgresDatabase]);
});

const policy = new ApprovalPolicy(1_000_000);
const requestFor = (orderId: string, amount = 2_000_000_000_000) =>
  Payment.request(
    { orderId, customerId: 'alice', storeId: '1', items: [{ menuId: 'm1', name: 'Chicken', quantity: 1, unitPrice: amount }], amount },
    randomUUID(),
    new ApprovalPolicy(Number.MAX_SAFE_INTEGER),
    new Date(),
  );

describe.each(targets)('TypeOrmPaymentRepository on %s', (_name, target) => {
  let dataSource: DataSource;
  let payments: TypeOrmPaymentRepository;
  let outbox: TypeOrmOutboxStore;

  beforeAll(async () => {
    await ensurePostgresDatabase(target);
    dataSource = await new DataSource(relationalOptions(target, [PaymentRecord], [CreatePaymentTable1732500000000])).initialize();
    payments = new TypeOrmPaymentRepository(dataSource, messaging, new DatabaseQueue(dataSource));
    outbox = new TypeOrmOutboxStore(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  const pendingEvents = async (orderId: string) => (await outbox.fetchPending(10_000, 0)).filter((event) => event.orderId === orderId);

  it('stores and restores every field (a bigint amount, dates, items)', async () => {
    const payment = requestFor(randomUUID());
    expect(await payments.add(payment)).toBe('saved');
    const stored = await payments.findByOrderId(payment.orderId);
    expect(stored?.snapshot()).toEqual(payment.snapshot());
    expect(stored?.version).toBe(1);
  });

  it('lets only one payment claim an orderId, even concurrently', async () => {
    const orderId = randomUUID();
    const results = await Promise.all([requestFor(orderId), requestFor(orderId), requestFor(orderId)].map((p) => payments.add(p)));
    expect(results.sort()).toEqual(['conflict', 'conflict', 'saved']);
  });

  it('writes a change only over the version it was loaded at, with its events in the outbox', async () => {
    const payment = requestFor(randomUUID());
    await payments.add(payment);
    const mine = (await payments.findByOrderId(payment.orderId))!;
    const theirs = (await payments.findByOrderId(payment.orderId))!;

    theirs.void('app gave up', new Date());
    expect(await payments.update(theirs)).toBe('saved');
    mine.approve('tx-1', new Date());
    const flushesBefore = flushes.count;
    expect(await payments.update(mine)).toBe('conflict');
    expect(flushes.count).toBe(flushesBefore);
    expect(await pendingEvents(payment.orderId)).toHaveLength(0);
    expect((await payments.findByOrderId(payment.orderId))?.status).toBe('VOIDED');

    const other = requestFor(randomUUID());
    await payments.add(other);
    const loaded = (await payments.findByOrderId(other.orderId))!;
    loaded.approve('tx-2', new Date());
    expect(await payments.update(loaded)).toBe('saved');
    expect(loaded.version).toBe(2);
    expect((await pendingEvents(other.orderId)).map((event) => event.eventType)).toEqual(['PaymentApproved']);
    expect(flushes.count).toBe(flushesBefore + 1);
  });

  it('records the consumed event in the same transaction: a redelivery writes nothing', async () => {
    const payment = requestFor(randomUUID());
    await payments.add(payment);
    const approved = (await payments.findByOrderId(payment.orderId))!;
    approved.approve('tx-3', new Date());
    await payments.update(approved);

    const eventId = randomUUID();
    const first = (await payments.findByOrderId(payment.orderId))!;
    first.cancel('order cancelled: x', new Date(), eventId);
    expect(await payments.update(first, { consumedEventId: eventId })).toBe('saved');
    const redelivered = (await payments.findByOrderId(payment.orderId))!;
    expect(await payments.update(redelivered, { consumedEventId: eventId })).toBe('already-applied');
    expect((await pendingEvents(payment.orderId)).map((event) => event.eventType)).toEqual(['PaymentApproved', 'PaymentCancelled']);

    const tombstoneEvent = randomUUID();
    const tombstone = Payment.voidUnknown(randomUUID(), randomUUID(), 'order rejected by the store: closed', new Date());
    expect(await payments.add(tombstone, { consumedEventId: tombstoneEvent })).toBe('saved');
    expect(await payments.add(Payment.voidUnknown(tombstone.orderId, randomUUID(), 'again', new Date()), { consumedEventId: tombstoneEvent })).toBe(
      'already-applied',
    );
  });

  it('declines over the limit as stored DECLINED without events', async () => {
    const declined = Payment.request(
      { orderId: randomUUID(), customerId: 'bob', storeId: '2', items: [{ menuId: 'm', name: 'M', quantity: 1, unitPrice: 2_000_000 }], amount: 2_000_000 },
      randomUUID(),
      policy,
      new Date(),
    );
    await payments.add(declined);
    expect((await payments.findByOrderId(declined.orderId))?.snapshot()).toMatchObject({ status: 'DECLINED', reason: expect.stringMatching(/approval limit/) });
    expect(await pendingEvents(declined.orderId)).toHaveLength(0);
  });
});
