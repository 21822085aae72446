import { StoreOrder } from '../../domain/store-order';
import { paymentApproved, storeOrderUseCases } from '../testing/store-order.test-module';

describe('ReceiveStoreOrderHandler (PaymentApproved)', () => {
  it('creates one RECEIVED order, silently (the store emits nothing on arrival)', async () => {
    const { orders, receive, counted } = await storeOrderUseCases();
    expect(await receive.execute(paymentApproved('o-1'))).toBe('received');
    expect(orders.rows.get('o-1')).toMatchObject({
      status: 'RECEIVED',
      storeId: '1',
      customerId: 'alice',
      paymentId: 'pay-o-1',
      amount: 18000,
      version: 0,
    });
    expect(orders.outbox).toEqual([]);
    expect(await counted('received')).toBe(1);
  });

  it('creates it once however often the event arrives: same eventId (inbox) or a repeat with another one', async () => {
    const { orders, receive, counted } = await storeOrderUseCases();
    const event = paymentApproved('o-1');
    expect(await receive.execute(event)).toBe('received');
    expect(await receive.execute(event)).toBe('duplicate');
    expect(await receive.execute(paymentApproved('o-1'))).toBe('duplicate');
    expect(orders.rows.size).toBe(1);
    expect(await counted('received')).toBe(1);
  });

  it('treats losing the race to insert (another instance, a concurrent delivery) as a duplicate', async () => {
    const { orders, receive } = await storeOrderUseCases();
    orders.beforeNextWrite = () => orders.seed(StoreOrder.receive(paymentApproved('o-1'), new Date()).snapshot());
    expect(await receive.execute(paymentApproved('o-1'))).toBe('duplicate');
    expect(orders.rows.size).toBe(1);
  });

  it('ignores PaymentApproved for an order cancelled before it arrived (tombstone)', async () => {
    const { orders, receive, counted } = await storeOrderUseCases();
    orders.seed(StoreOrder.tombstone({ orderId: 'o-1', reason: 'changed my mind' }, new Date()).snapshot());
    expect(await receive.execute(paymentApproved('o-1'))).toBe('ignored-cancelled');
    expect(orders.rows.get('o-1')).toMatchObject({ status: 'CANCELLED', tombstone: true, items: [] });
    expect(await counted('received')).toBe(0);
  });
});
