import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { OrderSchema } from '../../app/src/adapters/persistence/order.schema';
import { OrderStatusViewSchema } from '../../customer/src/adapters/persistence/order-status-view.schema';
import { NotificationSchema } from '../../customer/src/adapters/persistence/notification.schema';
import { testInfra } from '../support/infra';

/**
 * Every query app and customer run on a hot path is served by an index on the local document store
 * (FerretDB on PostgreSQL, tuned by scripts/lib/postgres.mjs), checked with the driver's explain.
 * The collections hold enough documents that a scan would be the planner's last resort.
 */
const infra = testInfra();
const database = `fooddelivery_test_indexes_${randomUUID().slice(0, 8)}`;
let connection: mongoose.Connection;

const DOCUMENTS = 2000;
const now = new Date();

beforeAll(async () => {
  connection = await mongoose.createConnection(infra.mongoUrl, { dbName: database, retryWrites: false, maxPoolSize: 5 }).asPromise();
  const orders = connection.model('Order', OrderSchema);
  const views = connection.model('OrderStatusView', OrderStatusViewSchema);
  const notifications = connection.model('Notification', NotificationSchema);
  await Promise.all([orders.syncIndexes(), views.syncIndexes(), notifications.syncIndexes()]);
  const ids = Array.from({ length: DOCUMENTS }, () => randomUUID());
  await orders.collection.insertMany(
    ids.map((_id, index) => ({
      _id: _id as never,
      customerId: `c${index % 200}`,
      storeId: '1',
      status: index % 100 === 0 ? 'PAYMENT_PENDING' : 'PLACED',
      reconciliation: index % 100 === 1 ? 'PENDING' : 'NONE',
      outboxPending: index % 100 === 2,
      pendingEvents: [],
      processedEventIds: [],
      version: 1,
      createdAt: now,
    })),
  );
  await views.collection.insertMany(ids.map((_id, index) => ({ _id: _id as never, customerId: `c${index % 200}`, storeId: String(index % 3), revision: 1, createdAt: now })));
  await notifications.collection.insertMany(
    ids.map((_id, index) => ({ _id: _id as never, customerId: `c${index % 200}`, state: index % 100 === 0 ? 'PENDING' : 'SENT', nextAttemptAt: now, occurredAt: now })),
  );
}, 120_000);

afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

/** The plan's node types, wherever they sit in the explain output (FerretDB: PostgreSQL's EXPLAIN; MongoDB: stages). */
function planNodes(explain: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'Node Type' || key === 'stage') && typeof inner === 'string') found.push(inner);
        walk(inner);
      }
    }
  };
  walk(explain);
  return found;
}

const INDEXED = /Index Scan|Index Only Scan|IXSCAN|IDHACK|EXPRESS_IXSCAN/;

describe.each([
  ['orders', 'by id (findById, save, outbox clear)', { _id: 'x' }],
  ['orders', 'by id and version (optimistic save)', { _id: 'x', version: 1 }],
  ['orders', "a customer's orders (GET /orders)", { customerId: 'c7' }],
  ['orders', 'the outbox sweep', { outboxPending: true }],
  ['orders', 'orders to reconcile', { reconciliation: 'PENDING' }],
  ['orders', 'stale payments', { status: 'PAYMENT_PENDING', createdAt: { $lt: now } }],
  ['order_status_views', 'a view by id (GET /order-status/:id, projection)', { _id: 'x' }],
  ['order_status_views', "a customer's views (GET /my-orders)", { customerId: 'c7' }],
  ['order_status_views', "a store's views", { storeId: '1' }],
  ['notifications', 'one notification (record once, claim, save)', { _id: 'x' }],
  ['notifications', 'notifications due', { state: 'PENDING', nextAttemptAt: { $lte: now } }],
  ['notifications', "a customer's notifications", { customerId: 'c7' }],
])('%s: %s', (collection, _label, filter) => {
  it('is served by an index', async () => {
    const explain = await connection.db!.collection<{ _id: string }>(collection).find(filter as Record<string, unknown>).explain();
    const nodes = planNodes(explain);
    expect(nodes.length).toBeGreaterThan(0);
    expect({ filter, nodes: nodes.filter((node) => INDEXED.test(node)).length > 0 ? 'index' : nodes.join(' > ') }).toEqual({ filter, nodes: 'index' });
  });
});
