import { CouponPolicy, ordinal } from './coupon-policy';
import { InvalidMarketingInput } from './marketing.errors';

const terms = { welcomeDiscount: 3000, loyaltyDiscount: 5000, loyaltyEvery: 3, validDays: 30 };

describe('CouponPolicy', () => {
  const policy = new CouponPolicy(terms);
  const kinds = (n: number) => policy.grantsFor(n).map((grant) => grant.kind);

  it('grants a welcome coupon for the first delivered order', () => {
    expect(policy.grantsFor(1)).toEqual([
      { kind: 'WELCOME', discount: 3000, reason: 'welcome: your first delivered order' },
    ]);
  });

  it('grants a loyalty coupon for every 3rd delivered order (3rd, 6th, 9th …) and nothing in between', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(kinds)).toEqual([
      ['WELCOME'],
      [],
      ['LOYALTY'],
      [],
      [],
      ['LOYALTY'],
      [],
      [],
      ['LOYALTY'],
    ]);
    expect(policy.grantsFor(6)).toEqual([
      { kind: 'LOYALTY', discount: 5000, reason: 'loyalty: your 6th delivered order' },
    ]);
  });

  it('grants both on the same order when every order earns a loyalty coupon (N = 1)', () => {
    const everyOrder = new CouponPolicy({ ...terms, loyaltyEvery: 1 });
    expect(everyOrder.grantsFor(1).map((grant) => grant.kind)).toEqual(['WELCOME', 'LOYALTY']);
    expect(everyOrder.grantsFor(2).map((grant) => grant.kind)).toEqual(['LOYALTY']);
  });

  it('uses the configured amounts and interval', () => {
    const custom = new CouponPolicy({ welcomeDiscount: 1000, loyaltyDiscount: 2500, loyaltyEvery: 5, validDays: 7 });
    expect(custom.grantsFor(1)).toEqual([expect.objectContaining({ discount: 1000 })]);
    expect(custom.grantsFor(3)).toEqual([]);
    expect(custom.grantsFor(5)).toEqual([expect.objectContaining({ kind: 'LOYALTY', discount: 2500 })]);
  });

  it('refuses terms that are not positive whole numbers, and a sequence below 1', () => {
    expect(() => new CouponPolicy({ ...terms, loyaltyEvery: 0 })).toThrow(InvalidMarketingInput);
    expect(() => new CouponPolicy({ ...terms, welcomeDiscount: -1 })).toThrow(/welcomeDiscount/);
    expect(() => new CouponPolicy({ ...terms, loyaltyDiscount: 1.5 })).toThrow(/loyaltyDiscount/);
    expect(() => policy.grantsFor(0)).toThrow(InvalidMarketingInput);
  });

  it('writes ordinals the English way', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
      '112th',
    ]);
  });
});
