import { marketingUseCases, newEventId, placed } from '../testing/marketing.test-module';

describe('RecordPlacedOrderHandler (OrderPlaced) and VoidOrderHandler (OrderCancelled, OrderRejected, PaymentCancelled)', () => {
  it('records a placed order once, however often OrderPlaced arrives', async () => {
    const { orders, recordPlaced } = await marketingUseCases();
    const event = placed('o-1', 'alice', ['chicken', 'chicken-cola']);
    expect(await recordPlaced.execute(event)).toBe('recorded');
    expect(await recordPlaced.execute(event)).toBe('duplicate');
    expect(await recordPlaced.execute({ ...event, eventId: newEventId() })).toBe('duplicate');
    expect(orders.rows.get('o-1')).toMatchObject({ customerId: 'alice', voided: false, version: 1 });
    expect(orders.rows.get('o-1')?.lines.map((line) => line.menuId)).toEqual(['chicken', 'chicken-cola']);
  });

  it('voids a cancelled, rejected or refunded order once', async () => {
    const { orders, recordPlaced, voidOrder } = await marketingUseCases();
    await recordPlaced.execute(placed('o-1', 'alice', ['chicken']));
    const cancel = {
      orderId: 'o-1',
      reason: 'changed my mind',
      cause: 'OrderCancelled' as const,
      eventId: newEventId(),
    };
    expect(await voidOrder.execute(cancel)).toBe('voided');
    expect(await voidOrder.execute(cancel)).toBe('unchanged');
    const refund = { orderId: 'o-1', reason: 'refund', cause: 'PaymentCancelled' as const, eventId: newEventId() };
    expect(await voidOrder.execute(refund)).toBe('unchanged');
    expect(orders.rows.get('o-1')).toMatchObject({ voided: true, voidReason: 'changed my mind' });
  });

  it('never counts an order whose rejection overtook its OrderPlaced', async () => {
    const { orders, recordPlaced, voidOrder } = await marketingUseCases();
    const reject = {
      orderId: 'o-1',
      reason: 'sold out',
      cause: 'OrderRejected' as const,
      customerId: 'alice',
      storeId: '1',
      eventId: newEventId(),
    };
    expect(await voidOrder.execute(reject)).toBe('voided-first');
    expect(await recordPlaced.execute(placed('o-1', 'alice', ['chicken']))).toBe('recorded-voided');
    expect(orders.rows.get('o-1')).toMatchObject({ voided: true, placedAt: expect.any(Date) });
    const input = await orders.recommendationInput('alice', {
      since: new Date(0),
      neighbourLimit: 10,
      recentLimit: 10,
    });
    expect(input.own).toEqual([]);
    expect(input.recent).toEqual([]);
  });
});
