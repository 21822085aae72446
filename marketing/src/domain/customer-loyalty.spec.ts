import { parseEvent } from '@fooddelivery/contracts';
import { couponCode, couponStatus } from './coupon';
import { CouponPolicy } from './coupon-policy';
import { CustomerLoyalty, Delivery } from './customer-loyalty';
import { InvalidMarketingInput } from './marketing.errors';

const policy = new CouponPolicy({ welcomeDiscount: 3000, loyaltyDiscount: 5000, loyaltyEvery: 3, validDays: 30 });
const NOW = new Date('2025-03-01T10:00:00.000Z');
let ids = 0;
const nextId = () => `0b7c6d2e-1f3a-4b5c-8d9e-${String(++ids).padStart(12, '0')}`;

function delivery(n: number): Delivery {
  return {
    orderId: `order-${n}`,
    customerId: 'alice',
    storeId: '1',
    deliveredAt: NOW,
    eventId: `7a1b2c3d-4e5f-4a6b-9c7d-${String(n).padStart(12, '0')}`,
  };
}

describe('CustomerLoyalty', () => {
  it('counts deliveries 1, 2, 3… and issues the welcome and loyalty coupons their numbers earn', () => {
    const alice = CustomerLoyalty.start('alice');
    const sequence: number[] = [];
    const kinds: string[][] = [];
    for (let n = 1; n <= 6; n++) {
      const recorded = alice.recordDelivery(delivery(n), policy, nextId, NOW);
      sequence.push(recorded.sequence);
      kinds.push(recorded.coupons.map((coupon) => coupon.kind));
    }
    expect(sequence).toEqual([1, 2, 3, 4, 5, 6]);
    expect(kinds).toEqual([['WELCOME'], [], ['LOYALTY'], [], [], ['LOYALTY']]);
    expect(alice.deliveredOrders).toBe(6);
    expect(alice.deliveries.map((d) => d.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(alice.coupons).toHaveLength(3);
  });

  it('records one valid CouponIssued per coupon: earning order in the envelope, caused by the DeliveryCompleted', () => {
    const alice = CustomerLoyalty.start('alice');
    const { coupons } = alice.recordDelivery(delivery(1), policy, nextId, NOW);
    const [coupon] = coupons;
    expect(coupon).toMatchObject({
      customerId: 'alice',
      orderId: 'order-1',
      kind: 'WELCOME',
      discount: 3000,
      reason: 'welcome: your first delivered order',
      sequence: 1,
      issuedAt: NOW,
      expiresAt: new Date('2025-03-31T10:00:00.000Z'),
    });
    expect(coupon.code).toBe(couponCode('WELCOME', coupon.couponId));
    expect(coupon.code).toMatch(/^WELCOME-[0-9A-F]{10}$/);
    expect(alice.events).toHaveLength(1);
    const [event] = alice.events;
    expect(parseEvent(JSON.parse(JSON.stringify(event)))).toMatchObject({ ok: true });
    expect(event).toMatchObject({
      eventType: 'CouponIssued',
      orderId: 'order-1',
      producer: 'marketing',
      causationId: delivery(1).eventId,
      occurredAt: NOW.toISOString(),
      payload: { couponId: coupon.couponId, customerId: 'alice', discount: 3000, reason: coupon.reason },
    });
  });

  it('continues from a stored count, and forgets what was saved once committed', () => {
    const alice = CustomerLoyalty.restore({ customerId: 'alice', deliveredOrders: 2, version: 4 });
    expect(alice.isNew).toBe(false);
    const recorded = alice.recordDelivery(delivery(3), policy, nextId, NOW);
    expect(recorded.sequence).toBe(3);
    expect(recorded.coupons.map((coupon) => coupon.kind)).toEqual(['LOYALTY']);
    expect(recorded.coupons[0].code).toMatch(/^LOYAL-/);
    alice.committed(5);
    expect(alice.snapshot()).toEqual({ customerId: 'alice', deliveredOrders: 3, version: 5 });
    expect(alice.events).toEqual([]);
    expect(alice.coupons).toEqual([]);
    expect(alice.deliveries).toEqual([]);
  });

  it("refuses another customer's delivery, the same order twice in one change, and an empty customer", () => {
    const alice = CustomerLoyalty.start('alice');
    expect(() => alice.recordDelivery({ ...delivery(1), customerId: 'bob' }, policy, nextId, NOW)).toThrow(
      InvalidMarketingInput,
    );
    alice.recordDelivery(delivery(1), policy, nextId, NOW);
    expect(() => alice.recordDelivery(delivery(1), policy, nextId, NOW)).toThrow(/already recorded/);
    expect(() => CustomerLoyalty.start(' ')).toThrow(InvalidMarketingInput);
  });

  it('shows a coupon ACTIVE until it expires', () => {
    const expiresAt = new Date('2025-03-31T10:00:00.000Z');
    expect(couponStatus({ expiresAt }, new Date('2025-03-31T09:59:59.999Z'))).toBe('ACTIVE');
    expect(couponStatus({ expiresAt }, expiresAt)).toBe('EXPIRED');
  });
});
