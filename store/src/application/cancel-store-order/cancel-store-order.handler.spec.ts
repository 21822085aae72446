import type { StoreOrderStatus } from '../../domain/store-order';
import { newEventId, paymentApproved, seedOrder, storeOrderUseCases } from '../testing/store-order.test-module';

const cancellation = (orderId: string, cause: 'OrderCancelled' | 'PaymentCancelled' = 'OrderCancelled') => ({
  orderId,
  reason: 'customer changed their mind',
  cause,
  eventId: newEventId(),
  customerId: 'alice',
});

describe('CancelStoreOrderHandler (OrderCancelled, PaymentCancelled)', () => {
  it.each(['RECEIVED', 'ACCEPTED', 'COOKING', 'COOKED'] as StoreOrderStatus[])(
    'cancels a %s order and emits DeliveryCancelled through the outbox',
    async (status) => {
      const { orders, cancel, counted } = await storeOrderUseCases();
      seedOrder(orders, 'o-1', status);
      const command = cancellation('o-1');
      expect(await cancel.execute(command)).toBe('cancelled');
      expect(orders.rows.get('o-1')).toMatchObject({
        status: 'CANCELLED',
        cancellationReason: 'customer changed their mind',
        version: 4,
      });
      expect(orders.outbox).toEqual([
        expect.objectContaining({
          eventType: 'DeliveryCancelled',
          orderId: 'o-1',
          causationId: command.eventId,
          payload: { storeId: '1', customerId: 'alice', reason: 'customer changed their mind' },
        }),
      ]);
      expect(orders.inbox.has(command.eventId)).toBe(true);
      expect(await counted('cancelled')).toBe(1);
    },
  );

  it('recalls a DELIVERING order (cancel accepted by app before it saw DeliveryStarted)', async () => {
    const { orders, cancel, counted } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'DELIVERING');
    expect(await cancel.execute(cancellation('o-1'))).toBe('recalled');
    expect(orders.rows.get('o-1')?.status).toBe('CANCELLED');
    expect(orders.outbox.map((event) => event.payload)).toEqual([
      { storeId: '1', customerId: 'alice', reason: 'recalled: customer changed their mind' },
    ]);
    expect(await counted('recalled')).toBe(1);
  });

  it.each(['OrderCancelled', 'PaymentCancelled'] as const)(
    'cancels a DELIVERED order on %s (refunded after the delivery): CANCELLED, DeliveryCancelled "after delivery: …"',
    async (cause) => {
      const { orders, cancel, counted } = await storeOrderUseCases();
      seedOrder(orders, 'o-1', 'DELIVERED');
      const command = cancellation('o-1', cause);
      expect(await cancel.execute(command)).toBe('cancelled_after_delivery');
      const stored = orders.rows.get('o-1');
      expect(stored).toMatchObject({
        status: 'CANCELLED',
        cancellationReason: 'after delivery: customer changed their mind',
        version: 4,
      });
      expect(stored?.timeline.map((entry) => entry.status).slice(-2)).toEqual(['DELIVERED', 'CANCELLED']);
      expect(orders.outbox).toEqual([
        expect.objectContaining({
          eventType: 'DeliveryCancelled',
          orderId: 'o-1',
          causationId: command.eventId,
          payload: { storeId: '1', customerId: 'alice', reason: 'after delivery: customer changed their mind' },
        }),
      ]);
      expect(orders.inbox.has(command.eventId)).toBe(true);
      expect(await counted('cancelled_after_delivery')).toBe(1);
      expect(await counted('cancelled')).toBe(0);
      // the refund of that cancellation arrives next: nothing more
      expect(await cancel.execute(cancellation('o-1', 'PaymentCancelled'))).toBe('unchanged');
      expect(orders.outbox).toHaveLength(1);
    },
  );

  it.each(['REJECTED', 'CANCELLED'] as StoreOrderStatus[])('leaves a %s order alone', async (status) => {
    const { orders, cancel } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', status);
    const before = orders.rows.get('o-1');
    expect(await cancel.execute(cancellation('o-1', 'PaymentCancelled'))).toBe('unchanged');
    expect(orders.rows.get('o-1')).toBe(before);
    expect(orders.outbox).toEqual([]);
  });

  it('applies OrderCancelled then PaymentCancelled of the same cancellation once', async () => {
    const { orders, cancel } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'ACCEPTED');
    const first = cancellation('o-1');
    expect(await cancel.execute(first)).toBe('cancelled');
    expect(await cancel.execute(first)).toBe('unchanged'); // redelivered: CANCELLED already
    expect(await cancel.execute(cancellation('o-1', 'PaymentCancelled'))).toBe('unchanged');
    expect(orders.outbox).toHaveLength(1);
  });

  it('records a tombstone when the cancellation overtook PaymentApproved, so no live order appears', async () => {
    const { orders, cancel, receive, queries, counted } = await storeOrderUseCases();
    const command = { ...cancellation('o-1'), storeId: '1' };
    expect(await cancel.execute(command)).toBe('tombstoned');
    expect(await cancel.execute(command)).toBe('unchanged'); // redelivered: the tombstone is CANCELLED
    expect(orders.outbox).toEqual([]);
    expect(await receive.execute(paymentApproved('o-1'))).toBe('ignored-cancelled');
    expect(orders.rows.get('o-1')).toMatchObject({ status: 'CANCELLED', tombstone: true });
    expect(await queries.list({ sub: 'admin', role: 'admin' }, { limit: 10 })).toEqual([]);
    await expect(queries.get({ sub: 'admin', role: 'admin' }, 'o-1')).rejects.toThrow(/not found/);
    expect(await counted('cancelled_before_received')).toBe(1);
  });

  it('re-applies the policy when PaymentApproved won the race to the orderId', async () => {
    const { orders, cancel } = await storeOrderUseCases();
    orders.beforeNextWrite = () => seedOrder(orders, 'o-1', 'RECEIVED');
    expect(await cancel.execute(cancellation('o-1'))).toBe('cancelled');
    expect(orders.rows.get('o-1')).toMatchObject({ status: 'CANCELLED', tombstone: false });
    expect(orders.outbox.map((event) => event.eventType)).toEqual(['DeliveryCancelled']);
  });

  it('re-applies the policy to the new status when an owner step won the race', async () => {
    const { orders, cancel } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'COOKED');
    // the owner starts the delivery between our read and our write
    orders.beforeNextWrite = () => seedOrder(orders, 'o-1', 'DELIVERING');
    expect(await cancel.execute(cancellation('o-1'))).toBe('recalled');
    expect(orders.outbox.map((event) => event.payload)).toEqual([
      { storeId: '1', customerId: 'alice', reason: 'recalled: customer changed their mind' },
    ]);
  });

  it('cancels after delivery when the delivery completed between our read and our write', async () => {
    const { orders, cancel, counted } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'DELIVERING');
    orders.beforeNextWrite = () => seedOrder(orders, 'o-1', 'DELIVERED');
    expect(await cancel.execute(cancellation('o-1'))).toBe('cancelled_after_delivery');
    expect(orders.rows.get('o-1')?.status).toBe('CANCELLED');
    expect(orders.outbox.map((event) => event.payload)).toEqual([
      { storeId: '1', customerId: 'alice', reason: 'after delivery: customer changed their mind' },
    ]);
    expect(await counted('recalled')).toBe(0);
    expect(await counted('cancelled_after_delivery')).toBe(1);
  });

  it('works from a PaymentCancelled that names no store or customer', async () => {
    const { orders, cancel } = await storeOrderUseCases();
    const result = await cancel.execute({
      orderId: 'o-2',
      reason: 'refunded',
      cause: 'PaymentCancelled',
      eventId: newEventId(),
    });
    expect(result).toBe('tombstoned');
    expect(orders.rows.get('o-2')).toMatchObject({ status: 'CANCELLED', tombstone: true });
    expect(orders.rows.get('o-2')?.storeId).toBeUndefined();
  });

  it('keeps a cancelled order visible to its owner, as CANCELLED', async () => {
    const { orders, cancel, queries } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'COOKING');
    await cancel.execute(cancellation('o-1'));
    expect(await queries.get({ sub: 'owner1', role: 'owner', storeId: '1' }, 'o-1')).toMatchObject({
      status: 'CANCELLED',
    });
  });
});
