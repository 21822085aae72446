import type { Caller } from '@fooddelivery/platform';
import { MarketingAccessDenied } from '../../domain/marketing.errors';
import { marketingUseCases, newEventId, placed } from '../testing/marketing.test-module';

const customer = (sub: string): Caller => ({ sub, role: 'customer' });
const admin: Caller = { sub: 'root', role: 'admin' };

/** alice and dave order chicken with cola; erin and frank pizza with garlic bread; carol's five big orders were cancelled. */
async function withHistory() {
  const useCases = await marketingUseCases();
  const { recordPlaced, voidOrder } = useCases;
  let n = 0;
  const order = (customerId: string, menus: string[], storeId: string) =>
    recordPlaced.execute(placed(`o-${++n}`, customerId, menus, storeId));
  for (let i = 0; i < 3; i++) await order('alice', ['chicken', 'chicken-cola'], '1');
  await order('dave', ['chicken', 'chicken-cola'], '1');
  await order('erin', ['pizza', 'garlic-bread'], '2');
  await order('frank', ['pizza', 'garlic-bread'], '2');
  await order('carol', ['dumplings'], '3');
  for (let i = 0; i < 5; i++) await order('carol', ['tangsuyuk', 'tangsuyuk', 'dumplings'], '3');
  for (const orderId of ['o-8', 'o-9', 'o-10', 'o-11', 'o-12']) {
    await voidOrder.execute({ orderId, reason: 'cancelled', cause: 'OrderCancelled', eventId: newEventId() });
  }
  return useCases;
}

describe('GetRecommendationsHandler', () => {
  it('answers a customer without history with popular now, leaving cancelled orders out', async () => {
    const { recommendations, counted } = await withHistory();
    const result = await recommendations.execute(customer('bob'), {});
    expect(result.basis).toBe('popular');
    expect(result.customerId).toBe('bob');
    expect(
      result.menus
        .map((menu) => menu.menuId)
        .slice(0, 2)
        .sort(),
    ).toEqual(['chicken', 'chicken-cola']);
    expect(result.menus[0]).toMatchObject({ basis: 'popular', reason: 'popular now: 4 orders in the last 30 days' });
    expect(result.menus.map((menu) => menu.menuId)).not.toContain('tangsuyuk');
    expect(result.menus.map((menu) => menu.menuId)).toContain('dumplings'); // carol's first order still counts
    expect(await counted('recommendations_served_total', { basis: 'popular' })).toBe(1);
  });

  it("changes with the customer's orders: own menus first, what similar customers order next", async () => {
    const { recommendations, recordPlaced, voidOrder, counted } = await withHistory();
    const before = await recommendations.execute(customer('bob'), {});

    await recordPlaced.execute(placed('b-1', 'bob', ['pizza'], '2'));
    await recordPlaced.execute(placed('b-2', 'bob', ['pizza'], '2'));
    const after = await recommendations.execute(customer('bob'), {});
    expect(after).not.toEqual(before);
    expect(after.basis).toBe('history');
    expect(after.menus.slice(0, 2)).toEqual([
      expect.objectContaining({ menuId: 'pizza', basis: 'reorder', reason: 'you ordered it twice' }),
      expect.objectContaining({
        menuId: 'garlic-bread',
        basis: 'also-ordered',
        reason: 'customers who order Pizza also order Garlic Bread',
      }),
    ]);
    expect(after.stores[0]).toEqual(
      expect.objectContaining({ storeId: '2', basis: 'reorder', reason: 'you ordered from it twice' }),
    );
    expect(await counted('recommendations_served_total', { basis: 'history' })).toBe(1);

    await voidOrder.execute({
      orderId: 'b-2',
      reason: 'changed my mind',
      cause: 'OrderCancelled',
      eventId: newEventId(),
    });
    const cancelled = await recommendations.execute(customer('bob'), {});
    expect(cancelled.menus[0]).toMatchObject({ menuId: 'pizza', reason: 'you ordered it once' });
  });

  it('honours the limit', async () => {
    const { recommendations } = await withHistory();
    expect((await recommendations.execute(customer('bob'), { limit: 2 })).menus).toHaveLength(2);
  });

  it("keeps a customer to their own; admins may ask for anyone's, or for nobody in particular", async () => {
    const { recommendations } = await withHistory();
    await expect(recommendations.execute(customer('bob'), { customerId: 'alice' })).rejects.toThrow(
      MarketingAccessDenied,
    );
    expect((await recommendations.execute(customer('bob'), { customerId: 'bob' })).customerId).toBe('bob');
    const forAlice = await recommendations.execute(admin, { customerId: 'alice' });
    expect(forAlice).toMatchObject({ customerId: 'alice', basis: 'history' });
    expect(forAlice.menus[0]).toMatchObject({ menuId: 'chicken', reason: 'you ordered it 3 times' });
    const anonymous = await recommendations.execute(admin, {});
    expect(anonymous.basis).toBe('popular');
    expect(anonymous.customerId).toBeUndefined();
    await expect(recommendations.execute({ sub: 'o', role: 'owner', storeId: '1' }, {})).rejects.toThrow(
      MarketingAccessDenied,
    );
  });
});
