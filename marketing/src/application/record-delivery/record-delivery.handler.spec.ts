import { parseEvent } from '@fooddelivery/contracts';
import { CouponPolicy } from '../../domain/coupon-policy';
import { CustomerLoyalty } from '../../domain/customer-loyalty';
import { DEFAULT_TERMS, delivered, marketingUseCases } from '../testing/marketing.test-module';

describe('RecordDeliveryHandler (DeliveryCompleted)', () => {
  it('issues a welcome coupon at the first delivered order and a loyalty coupon at the 3rd and 6th', async () => {
    const { loyalty, recordDelivery, counted } = await marketingUseCases();
    const outcomes = [];
    for (let n = 1; n <= 7; n++) outcomes.push(await recordDelivery.execute(delivered(`o-${n}`)));
    expect(outcomes.map((o) => (o.kind === 'recorded' ? [o.sequence, o.coupons.map((c) => c.kind)] : o.kind))).toEqual([
      [1, ['WELCOME']],
      [2, []],
      [3, ['LOYALTY']],
      [4, []],
      [5, []],
      [6, ['LOYALTY']],
      [7, []],
    ]);
    expect(loyalty.issued.map((coupon) => [coupon.orderId, coupon.kind, coupon.discount])).toEqual([
      ['o-1', 'WELCOME', 3000],
      ['o-3', 'LOYALTY', 5000],
      ['o-6', 'LOYALTY', 5000],
    ]);
    expect(loyalty.rows.get('alice')).toMatchObject({ deliveredOrders: 7, version: 7 });
    expect(await counted('coupons_issued_total', { kind: 'welcome' })).toBe(1);
    expect(await counted('coupons_issued_total', { kind: 'loyalty' })).toBe(2);
  });

  it('stages one valid CouponIssued per coupon with the earning order and the DeliveryCompleted as cause', async () => {
    const { loyalty, recordDelivery } = await marketingUseCases();
    const delivery = delivered('o-1');
    await recordDelivery.execute(delivery);
    expect(loyalty.outbox).toHaveLength(1);
    const [event] = loyalty.outbox;
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      eventType: 'CouponIssued',
      orderId: 'o-1',
      producer: 'marketing',
      causationId: delivery.eventId,
      payload: { couponId: loyalty.issued[0].couponId, customerId: 'alice', discount: 3000 },
    });
  });

  it('issues nothing again for a redelivered event or the same order under a new event id', async () => {
    const { loyalty, recordDelivery, counted } = await marketingUseCases();
    const first = delivered('o-1');
    expect(await recordDelivery.execute(first)).toMatchObject({ kind: 'recorded', sequence: 1 });
    expect(await recordDelivery.execute(first)).toEqual({ kind: 'duplicate', sequence: 1 });
    expect(await recordDelivery.execute(delivered('o-1'))).toEqual({ kind: 'duplicate', sequence: 1 });
    expect(loyalty.issued).toHaveLength(1);
    expect(loyalty.outbox).toHaveLength(1);
    expect(loyalty.rows.get('alice')?.deliveredOrders).toBe(1);
    expect(await recordDelivery.execute(delivered('o-2'))).toMatchObject({ kind: 'recorded', sequence: 2 });
    expect(await counted('coupons_issued_total', { kind: 'welcome' })).toBe(1);
  });

  it("takes the next number when another consumer counted one of the customer's orders meanwhile", async () => {
    const { loyalty, recordDelivery } = await marketingUseCases();
    await recordDelivery.execute(delivered('o-1'));
    // between our read and our write, another replica counts o-x as alice's 2nd delivered order
    loyalty.beforeNextWrite = () => {
      const other = CustomerLoyalty.restore(loyalty.rows.get('alice')!);
      other.recordDelivery(delivered('o-x'), new CouponPolicy(DEFAULT_TERMS), () => 'c-x', new Date());
      void loyalty.save(other);
    };
    const outcome = await recordDelivery.execute(delivered('o-2'));
    expect(outcome).toMatchObject({
      kind: 'recorded',
      sequence: 3,
      coupons: [expect.objectContaining({ kind: 'LOYALTY' })],
    });
    expect([...loyalty.deliveries.values()].map((d) => [d.orderId, d.sequence])).toEqual([
      ['o-1', 1],
      ['o-x', 2],
      ['o-2', 3],
    ]);
  });

  it('answers duplicate when a concurrent delivery of the same order won the race', async () => {
    const { loyalty, recordDelivery } = await marketingUseCases();
    loyalty.beforeNextWrite = () => {
      const other = CustomerLoyalty.start('alice');
      other.recordDelivery(delivered('o-1'), new CouponPolicy(DEFAULT_TERMS), () => 'c-1', new Date());
      void loyalty.save(other);
    };
    expect(await recordDelivery.execute(delivered('o-1'))).toEqual({ kind: 'duplicate', sequence: 1 });
    expect(loyalty.issued).toHaveLength(1);
  });

  it('issues welcome and loyalty on the same order when every order earns a loyalty coupon', async () => {
    const { loyalty, recordDelivery } = await marketingUseCases({ loyaltyEvery: 1 });
    await recordDelivery.execute(delivered('o-1'));
    await recordDelivery.execute(delivered('o-2'));
    expect(loyalty.issued.map((coupon) => [coupon.orderId, coupon.kind])).toEqual([
      ['o-1', 'WELCOME'],
      ['o-1', 'LOYALTY'],
      ['o-2', 'LOYALTY'],
    ]);
    expect(new Set(loyalty.outbox.map((event) => event.eventId)).size).toBe(3);
  });

  it('earns the same coupons whatever order the deliveries arrive in, counting customers apart', async () => {
    const { loyalty, recordDelivery } = await marketingUseCases();
    const arrivals = ['a-5', 'b-1', 'a-2', 'a-1', 'b-2', 'a-4', 'a-3', 'a-6', 'b-3'];
    for (const orderId of arrivals) {
      await recordDelivery.execute(delivered(orderId, orderId.startsWith('a') ? 'alice' : 'bob'));
      await recordDelivery.execute(delivered(orderId, orderId.startsWith('a') ? 'alice' : 'bob')); // a replay
    }
    const of = (customerId: string) =>
      loyalty.issued.filter((coupon) => coupon.customerId === customerId).map((c) => [c.orderId, c.kind]);
    // numbered by arrival: alice a-5 (1st), a-2, a-1 (3rd), a-4, a-3, a-6 (6th); bob b-1, b-2, b-3 (3rd)
    expect(of('alice')).toEqual([
      ['a-5', 'WELCOME'],
      ['a-1', 'LOYALTY'],
      ['a-6', 'LOYALTY'],
    ]);
    expect(of('bob')).toEqual([
      ['b-1', 'WELCOME'],
      ['b-3', 'LOYALTY'],
    ]);
  });
});
