import type { Caller } from '@fooddelivery/platform';
import { StoreOrderNotFound } from '../../domain/store-order.errors';
import { seedOrder, storeOrderUseCases } from '../testing/store-order.test-module';

const owner1: Caller = { sub: 'owner1', role: 'owner', storeId: '1' };
const owner2: Caller = { sub: 'owner2', role: 'owner', storeId: '2' };
const admin: Caller = { sub: 'admin', role: 'admin' };

async function seeded() {
  const useCases = await storeOrderUseCases();
  const minute = (n: number) => new Date(Date.UTC(2025, 0, 1, 12, n));
  seedOrder(useCases.orders, 'a', 'RECEIVED', '1', minute(1));
  seedOrder(useCases.orders, 'b', 'COOKING', '1', minute(2));
  seedOrder(useCases.orders, 'c', 'RECEIVED', '2', minute(3));
  seedOrder(useCases.orders, 'd', 'RECEIVED', '1', minute(4));
  return useCases;
}

describe('QueryStoreOrdersHandler', () => {
  it("lists an owner's own store only, newest first, optionally by status and limited", async () => {
    const { queries } = await seeded();
    expect((await queries.list(owner1, { limit: 50 })).map((order) => order.orderId)).toEqual(['d', 'b', 'a']);
    expect((await queries.list(owner1, { limit: 50, status: 'RECEIVED' })).map((order) => order.orderId)).toEqual([
      'd',
      'a',
    ]);
    expect((await queries.list(owner1, { limit: 1 })).map((order) => order.orderId)).toEqual(['d']);
    expect((await queries.list(owner2, { limit: 50 })).map((order) => order.orderId)).toEqual(['c']);
  });

  it('lists every store for admins and nothing for anyone else', async () => {
    const { queries } = await seeded();
    expect((await queries.list(admin, { limit: 50 })).map((order) => order.orderId)).toEqual(['d', 'c', 'b', 'a']);
    expect(await queries.list({ sub: 'alice', role: 'customer' }, { limit: 50 })).toEqual([]);
  });

  it("shows one order to its store's owner and admins; to another owner it does not exist", async () => {
    const { queries } = await seeded();
    expect(await queries.get(owner1, 'b')).toMatchObject({ orderId: 'b', status: 'COOKING' });
    expect(await queries.get(admin, 'c')).toMatchObject({ orderId: 'c', storeId: '2' });
    await expect(queries.get(owner2, 'b')).rejects.toThrow(StoreOrderNotFound);
    await expect(queries.get(owner1, 'zzz')).rejects.toThrow(StoreOrderNotFound);
  });
});
