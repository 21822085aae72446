import type { Caller } from '@fooddelivery/platform';
import { MarketingAccessDenied } from '../../domain/marketing.errors';
import { delivered, marketingUseCases } from '../testing/marketing.test-module';

const alice: Caller = { sub: 'alice', role: 'customer' };
const bob: Caller = { sub: 'bob', role: 'customer' };
const admin: Caller = { sub: 'root', role: 'admin' };

async function issued() {
  const useCases = await marketingUseCases();
  for (let n = 1; n <= 3; n++) await useCases.recordDelivery.execute(delivered(`a-${n}`, 'alice'));
  await useCases.recordDelivery.execute(delivered('b-1', 'bob'));
  return useCases;
}

describe('ListCouponsHandler', () => {
  it("lists a customer's own coupons, newest first", async () => {
    const { listCoupons } = await issued();
    const coupons = await listCoupons.execute(alice, { limit: 50 });
    expect(coupons.map((coupon) => [coupon.orderId, coupon.kind])).toEqual([
      ['a-3', 'LOYALTY'],
      ['a-1', 'WELCOME'],
    ]);
    expect(await listCoupons.execute({ sub: 'carol', role: 'customer' }, { limit: 50 })).toEqual([]);
    expect(await listCoupons.execute(alice, { limit: 1 })).toHaveLength(1);
  });

  it("refuses another customer's coupons to a customer; admins see anyone's or everyone's", async () => {
    const { listCoupons } = await issued();
    await expect(listCoupons.execute(bob, { customerId: 'alice', limit: 50 })).rejects.toThrow(MarketingAccessDenied);
    expect((await listCoupons.execute(bob, { customerId: 'bob', limit: 50 })).map((c) => c.orderId)).toEqual(['b-1']);
    expect(await listCoupons.execute(admin, { customerId: 'alice', limit: 50 })).toHaveLength(2);
    expect(await listCoupons.execute(admin, { limit: 50 })).toHaveLength(3);
    await expect(listCoupons.execute({ sub: 'app', role: 'service' }, { limit: 50 })).rejects.toThrow(
      MarketingAccessDenied,
    );
  });
});
