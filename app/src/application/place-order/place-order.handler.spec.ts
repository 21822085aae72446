import pino from 'pino';
import type { Caller } from '@fooddelivery/platform';
import { Order } from '../../domain/order';
import type { Store } from '../../domain/catalog';
import { IdempotencyKeyReused, InvalidOrderRequest, OnlyCustomersOrder, PaymentDeclined, PaymentUnavailable } from '../../domain/order.errors';
import type { CatalogRepository } from '../ports/catalog.repository';
import { InMemoryOrders } from '../ports/in-memory-orders.fake';
import type { PaymentOutcome, PaymentRequest, PaymentsPort, SettlementOutcome } from '../ports/payments.port';
import { ReconcilePaymentsHandler } from '../reconcile-payments/reconcile-payments.handler';
import { PlaceOrderHandler, orderIdFor } from './place-order.handler';

const stores: Store[] = [{ storeId: '1', name: 'Chicken', category: 'chicken', menu: [{ menuId: 'chicken', name: 'Chicken', price: 18000 }] }];

class InMemoryCatalog implements CatalogRepository {
  findAll = () => Promise.resolve(stores);
  findById = (id: string) => Promise.resolve(stores.find((store) => store.storeId === id));
}

class ScriptedPay implements PaymentsPort {
  readonly requests: PaymentRequest[] = [];
  readonly settled: string[] = [];
  open = false;
  availability() {
    return this.open ? ({ available: false, reason: 'circuit breaker open', retryAfterSeconds: 5 } as const) : ({ available: true } as const);
  }
  constructor(
    public outcome: PaymentOutcome,
    public settlement: SettlementOutcome = { kind: 'settled', paymentStatus: 'CANCELLED' },
  ) {}
  requestPayment(request: PaymentRequest) {
    this.requests.push(request);
    return Promise.resolve(this.outcome);
  }
  settleUnplacedOrder(orderId: string) {
    this.settled.push(orderId);
    return Promise.resolve(this.settlement);
  }
}

const alice: Caller = { sub: 'alice', role: 'customer' };
const logger = pino({ level: 'silent' });

function setup(outcome: PaymentOutcome) {
  const orders = new InMemoryOrders();
  const pay = new ScriptedPay(outcome);
  const handler = new PlaceOrderHandler(new InMemoryCatalog(), orders, pay, logger);
  const reconcile = new ReconcilePaymentsHandler(orders, pay, { staleAfterMs: 60_000, batchSize: 10 }, logger);
  return { orders, pay, handler, reconcile };
}

describe('PlaceOrderHandler', () => {
  it('places an approved order with OrderPlaced in the same save, priced from the menu', async () => {
    const { orders, pay, handler } = setup({ kind: 'approved', paymentId: 'p-1' });
    const order = await handler.execute({ caller: alice, storeId: '1', items: [{ name: 'chicken', quantity: 2 }] });
    expect(order).toMatchObject({ status: 'PLACED', paymentId: 'p-1', totalAmount: 36000, customerId: 'alice' });
    expect(pay.requests).toEqual([expect.objectContaining({ orderId: order.orderId, amount: 36000, customerId: 'alice', storeId: '1' })]);
    expect(orders.rows.get(order.orderId)?.events).toEqual([expect.objectContaining({ eventType: 'OrderPlaced' })]);
  });

  it('answers a decline with PaymentDeclined and keeps the order PAYMENT_FAILED, no event', async () => {
    const { orders, handler } = setup({ kind: 'declined', reason: 'over the limit' });
    await expect(handler.execute({ caller: alice, storeId: '1', items: [{ menuId: 'chicken', quantity: 1 }] })).rejects.toThrow(PaymentDeclined);
    const [row] = [...orders.rows.values()];
    expect(row).toMatchObject({ state: { status: 'PAYMENT_FAILED', reconciliation: 'NOT_NEEDED' }, events: [] });
  });

  it('answers an unavailable pay with PaymentUnavailable, and settles an uncertain payment later', async () => {
    const { orders, pay, handler, reconcile } = setup({ kind: 'unavailable', reason: 'timeout', uncertain: true, retryAfterSeconds: 5 });
    const error = await handler.execute({ caller: alice, storeId: '1', items: [{ menuId: 'chicken', quantity: 1 }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentUnavailable);
    expect((error as PaymentUnavailable).retryAfterSeconds).toBe(5);
    const [row] = [...orders.rows.values()];
    expect(row?.state).toMatchObject({ status: 'PAYMENT_FAILED', reconciliation: 'PENDING' });

    pay.settlement = { kind: 'unavailable', reason: 'still down' };
    expect(await reconcile.execute()).toEqual({ examined: 1, settled: 0, postponed: 1 });
    pay.settlement = { kind: 'settled', paymentStatus: 'CANCELLED' };
    expect(await reconcile.execute()).toEqual({ examined: 1, settled: 1, postponed: 0 });
    expect(pay.settled).toEqual([row?.state.orderId, row?.state.orderId]);
    expect(await reconcile.execute()).toEqual({ examined: 0, settled: 0, postponed: 0 });
  });

  it('fails fast without calling pay while the circuit is open: one write, PAYMENT_FAILED, nothing to reconcile', async () => {
    const { orders, pay, handler } = setup({ kind: 'approved', paymentId: 'p' });
    pay.open = true;
    const error = await handler.execute({ caller: alice, storeId: '1', items: [{ menuId: 'chicken', quantity: 1 }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentUnavailable);
    expect(pay.requests).toEqual([]);
    const [row] = [...orders.rows.values()];
    expect(row).toMatchObject({ state: { status: 'PAYMENT_FAILED', reconciliation: 'NOT_NEEDED', version: 0 }, events: [] });
  });

  it('answers a repeated Idempotency-Key with the first order: one order, one charge', async () => {
    const { orders, pay, handler } = setup({ kind: 'approved', paymentId: 'p-1' });
    const command = { caller: alice, storeId: '1', items: [{ name: 'chicken', quantity: 2 }], idempotencyKey: 'key-1' };
    const first = await handler.execute(command);
    const again = await handler.execute(command);
    expect(again.orderId).toBe(first.orderId);
    expect(again.status).toBe('PLACED');
    expect(pay.requests).toHaveLength(1);
    expect(orders.rows.size).toBe(1);
    await expect(handler.execute({ ...command, items: [{ name: 'chicken', quantity: 3 }] })).rejects.toThrow(IdempotencyKeyReused);
    // the key is per customer: bob's 'key-1' is another order
    const bobs = await handler.execute({ ...command, caller: { sub: 'bob', role: 'customer' } });
    expect(bobs.orderId).not.toBe(first.orderId);
    expect(first.orderId).toBe(orderIdFor('alice', 'key-1'));
    expect(first.orderId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('replays a declined first attempt as declined, without charging again', async () => {
    const { pay, handler } = setup({ kind: 'declined', reason: 'over the limit' });
    const command = { caller: alice, storeId: '1', items: [{ name: 'chicken', quantity: 1 }], idempotencyKey: 'k' };
    await expect(handler.execute(command)).rejects.toThrow(PaymentDeclined);
    await expect(handler.execute(command)).rejects.toThrow(/over the limit/);
    expect(pay.requests).toHaveLength(1);
  });

  it('fails and settles an order whose payment request was lost (stale PAYMENT_PENDING)', async () => {
    const { orders, pay, reconcile } = setup({ kind: 'approved', paymentId: 'p' });
    const stale = Order.create({ orderId: 'o-1', customerId: 'alice', storeId: '1', lines: [{ menuId: 'chicken', name: 'Chicken', quantity: 1, unitPrice: 1 }], now: new Date(Date.now() - 120_000) });
    await orders.insert(stale);
    expect(await reconcile.execute()).toMatchObject({ settled: 1 });
    expect(orders.rows.get('o-1')?.state).toMatchObject({ status: 'PAYMENT_FAILED', reconciliation: 'DONE' });
    expect(pay.settled).toEqual(['o-1']);
  });

  it('refuses owners and admins, unknown stores and items before calling pay', async () => {
    const { pay, handler } = setup({ kind: 'approved', paymentId: 'p' });
    await expect(handler.execute({ caller: { sub: 'owner1', role: 'owner', storeId: '1' }, storeId: '1', items: [{ name: 'chicken', quantity: 1 }] })).rejects.toThrow(OnlyCustomersOrder);
    await expect(handler.execute({ caller: alice, storeId: '9', items: [{ name: 'chicken', quantity: 1 }] })).rejects.toThrow(InvalidOrderRequest);
    await expect(handler.execute({ caller: alice, storeId: '1', items: [{ name: 'pizza', quantity: 1 }] })).rejects.toThrow(/does not sell "pizza"/);
    expect(pay.requests).toEqual([]);
  });
});
