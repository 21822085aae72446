import type { Caller } from '@fooddelivery/platform';
import {
  InvalidStoreOrder,
  InvalidStoreOrderTransition,
  StoreOrderConflict,
  StoreOrderNotFound,
} from '../../domain/store-order.errors';
import { paymentApproved, seedOrder, storeOrderUseCases } from '../testing/store-order.test-module';

const owner1: Caller = { sub: 'owner1', role: 'owner', storeId: '1' };
const owner2: Caller = { sub: 'owner2', role: 'owner', storeId: '2' };
const admin: Caller = { sub: 'admin', role: 'admin' };
const alice: Caller = { sub: 'alice', role: 'customer' };

describe('ProgressStoreOrderHandler (the owner steps)', () => {
  it('takes an order through the whole journey, each step with its event in the outbox', async () => {
    const { orders, receive, progress, counted } = await storeOrderUseCases();
    await receive.execute(paymentApproved('o-1'));
    const steps = ['accept', 'start-cooking', 'finish-cooking', 'start-delivery', 'complete-delivery'] as const;
    const statuses = [];
    for (const step of steps) {
      const state = await progress.execute({
        caller: owner1,
        orderId: 'o-1',
        step,
        ...(step === 'start-delivery' ? { rider: 'kim' } : {}),
      });
      statuses.push(state.status);
    }
    expect(statuses).toEqual(['ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING', 'DELIVERED']);
    expect(orders.rows.get('o-1')).toMatchObject({ status: 'DELIVERED', rider: 'kim', version: 5 });
    expect(orders.rows.get('o-1')?.timeline.map((entry) => entry.status)).toEqual([
      'RECEIVED',
      'ACCEPTED',
      'COOKING',
      'COOKED',
      'DELIVERING',
      'DELIVERED',
    ]);
    expect(orders.outbox.map((event) => event.eventType)).toEqual([
      'OrderAccepted',
      'CookingStarted',
      'CookingFinished',
      'DeliveryStarted',
      'DeliveryCompleted',
    ]);
    expect(orders.outbox.every((event) => event.orderId === 'o-1' && event.producer === 'store')).toBe(true);
    expect(await counted('accepted')).toBe(1);
    expect(await counted('delivery_completed')).toBe(1);
  });

  it('rejects with the reason and emits OrderRejected', async () => {
    const { orders, progress, counted } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'RECEIVED');
    const state = await progress.execute({ caller: owner1, orderId: 'o-1', step: 'reject', reason: 'sold out' });
    expect(state).toMatchObject({ status: 'REJECTED', rejectionReason: 'sold out' });
    expect(orders.outbox).toEqual([
      expect.objectContaining({ eventType: 'OrderRejected', payload: expect.objectContaining({ reason: 'sold out' }) }),
    ]);
    expect(await counted('rejected')).toBe(1);
  });

  it('refuses a rejection without a reason', async () => {
    const { orders, progress } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'RECEIVED');
    await expect(progress.execute({ caller: owner1, orderId: 'o-1', step: 'reject' })).rejects.toThrow(
      InvalidStoreOrder,
    );
    expect(orders.rows.get('o-1')?.status).toBe('RECEIVED');
  });

  it('refuses a step the status does not allow, naming the allowed ones, and writes nothing', async () => {
    const { orders, progress } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'COOKING');
    const error = await progress
      .execute({ caller: owner1, orderId: 'o-1', step: 'start-delivery' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidStoreOrderTransition);
    expect((error as Error).message).toBe('Order o-1 is COOKING; allowed next: finish-cooking (cannot start-delivery)');
    expect(orders.rows.get('o-1')).toMatchObject({ status: 'COOKING', version: 3 });
    expect(orders.outbox).toEqual([]);
  });

  it("hides another store's orders (404) and tombstones; admins may act on any store's", async () => {
    const { orders, progress, cancel } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'RECEIVED', '1');
    await expect(progress.execute({ caller: owner2, orderId: 'o-1', step: 'accept' })).rejects.toThrow(
      StoreOrderNotFound,
    );
    await expect(progress.execute({ caller: alice, orderId: 'o-1', step: 'accept' })).rejects.toThrow(
      StoreOrderNotFound,
    );
    await expect(progress.execute({ caller: owner1, orderId: 'nope', step: 'accept' })).rejects.toThrow(
      StoreOrderNotFound,
    );
    expect(await progress.execute({ caller: admin, orderId: 'o-1', step: 'accept' })).toMatchObject({
      status: 'ACCEPTED',
    });

    await cancel.execute({
      orderId: 'o-2',
      reason: 'x',
      cause: 'OrderCancelled',
      eventId: '00000000-0000-4000-8000-00000000abcd',
      storeId: '1',
    });
    await expect(progress.execute({ caller: owner1, orderId: 'o-2', step: 'accept' })).rejects.toThrow(
      StoreOrderNotFound,
    );
  });

  it('lets exactly one of two concurrent steps win: the loser is judged against the new status (409)', async () => {
    const { orders, progress } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'RECEIVED');
    // a concurrent reject commits between our read and our write
    orders.beforeNextWrite = () => seedOrder(orders, 'o-1', 'REJECTED');
    const error = await progress
      .execute({ caller: owner1, orderId: 'o-1', step: 'accept' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidStoreOrderTransition);
    expect((error as Error).message).toMatch(/is REJECTED; allowed next: none/);
    expect(orders.outbox).toEqual([]);
  });

  it('loses to a cancellation that arrived meanwhile', async () => {
    const { orders, progress } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'ACCEPTED');
    orders.beforeNextWrite = () => seedOrder(orders, 'o-1', 'CANCELLED');
    await expect(progress.execute({ caller: owner1, orderId: 'o-1', step: 'start-cooking' })).rejects.toThrow(
      /is CANCELLED; allowed next: none/,
    );
  });

  it('answers 409 conflict when the order keeps changing under it', async () => {
    const { orders, progress } = await storeOrderUseCases();
    seedOrder(orders, 'o-1', 'RECEIVED');
    const update = orders.update.bind(orders);
    orders.update = async () => 'conflict';
    await expect(progress.execute({ caller: owner1, orderId: 'o-1', step: 'accept' })).rejects.toThrow(
      StoreOrderConflict,
    );
    orders.update = update;
  });
});
