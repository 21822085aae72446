import { parseEvent } from '@fooddelivery/contracts';
import { ApprovalPolicy } from './approval-policy';
import { Payment, PaymentRequest } from './payment';
import { InvalidPaymentError, PaymentTransitionError } from './payment.errors';

const policy = new ApprovalPolicy(1_000_000);
const now = new Date('2026-01-01T12:00:00Z');
const later = new Date('2026-01-01T12:00:05Z');

const request = (overrides: Partial<PaymentRequest> = {}): PaymentRequest => ({
  orderId: 'order-1',
  customerId: 'alice',
  storeId: '1',
  items: [{ menuId: 'chicken', name: 'Chicken', quantity: 2, unitPrice: 18000 }],
  amount: 36000,
  ...overrides,
});

const pending = () => Payment.request(request(), 'payment-1', policy, now);

function approved(): Payment {
  const payment = pending();
  payment.approve('tx-1', later);
  payment.committed();
  return payment;
}

describe('Payment', () => {
  describe('a request', () => {
    it('starts PENDING with one attempt and records nothing yet', () => {
      const payment = pending();
      expect(payment.snapshot()).toMatchObject({ status: 'PENDING', orderId: 'order-1', amount: 36000, attempts: 1, version: 0 });
      expect(payment.events).toHaveLength(0);
    });

    it('is DECLINED at once above the approval limit, exactly at it is not', () => {
      const over = Payment.request(request({ amount: 1_000_001 }), 'p', policy, now);
      expect(over.status).toBe('DECLINED');
      expect(over.reason).toBe('amount 1000001 exceeds the approval limit of 1000000 won');
      expect(Payment.request(request({ amount: 1_000_000 }), 'p', policy, now).status).toBe('PENDING');
    });

    it.each([
      [{ amount: -1 }, /amount must be a non-negative whole number/],
      [{ amount: 1.5 }, /amount must be a non-negative whole number/],
      [{ items: [] }, /at least one item/],
      [{ customerId: '  ' }, /customerId must not be empty/],
      [{ items: [{ menuId: 'm', name: 'M', quantity: 0, unitPrice: 1 }] }, /quantity of m must be a positive/],
      [{ items: [{ menuId: 'm', name: 'M', quantity: 5000, unitPrice: 1 }] }, /items.0.quantity/],
    ])('guards its invariants: %j', (overrides, message) => {
      expect(() => Payment.request(request(overrides), 'p', policy, now)).toThrow(InvalidPaymentError);
      expect(() => Payment.request(request(overrides), 'p', policy, now)).toThrow(message);
    });
  });

  describe('approval', () => {
    it('APPROVED with the transaction, and a valid PaymentApproved carrying what store needs', () => {
      const payment = pending();
      payment.approve('tx-1', later);
      expect(payment.snapshot()).toMatchObject({ status: 'APPROVED', transactionId: 'tx-1', approvedAt: later });
      expect(payment.events).toHaveLength(1);
      const [event] = payment.events;
      expect(parseEvent(event)).toMatchObject({ ok: true });
      expect(event).toMatchObject({
        eventType: 'PaymentApproved',
        orderId: 'order-1',
        producer: 'pay',
        payload: { paymentId: 'payment-1', customerId: 'alice', storeId: '1', amount: 36000, items: request().items },
      });
    });

    it('only from PENDING', () => {
      const payment = approved();
      expect(() => payment.approve('tx-2', later)).toThrow(PaymentTransitionError);
      const declined = Payment.request(request({ amount: 2_000_000 }), 'p', policy, now);
      expect(() => declined.approve('tx', later)).toThrow('Cannot approve the payment of order order-1: it is DECLINED');
    });

    it('committed() clears the recorded events and moves the version on', () => {
      const payment = approved();
      expect(payment.events).toHaveLength(0);
      expect(payment.version).toBe(1);
    });
  });

  describe('failure and retry', () => {
    it('FAILED when the provider was unreachable; a retry makes it PENDING again with one more attempt', () => {
      const payment = pending();
      payment.fail('timeout', later);
      expect(payment.snapshot()).toMatchObject({ status: 'FAILED', reason: 'timeout' });
      payment.retry(later);
      expect(payment.snapshot()).toMatchObject({ status: 'PENDING', attempts: 2, reason: undefined });
    });

    it('is stale once PENDING for longer than the threshold', () => {
      const payment = pending();
      expect(payment.isStale(new Date(now.getTime() + 60_000), 60_000)).toBe(false);
      expect(payment.isStale(new Date(now.getTime() + 60_001), 60_000)).toBe(true);
      payment.fail('x', now);
      expect(payment.isStale(new Date(now.getTime() + 120_000), 60_000)).toBe(false);
    });

    it('never retries a decided payment', () => {
      expect(() => approved().retry(later)).toThrow(PaymentTransitionError);
    });
  });

  describe('repeat requests', () => {
    it('names what differs', () => {
      const payment = pending();
      expect(payment.differenceFrom(request())).toBeUndefined();
      expect(payment.differenceFrom(request({ amount: 1 }))).toBe('amount');
      expect(payment.differenceFrom(request({ customerId: 'bob' }))).toBe('customer');
      expect(payment.differenceFrom(request({ storeId: '2' }))).toBe('store');
    });
  });

  describe('cancellation', () => {
    it('says what it takes in each status', () => {
      expect(pending().cancellation()).toBe('void');
      expect(approved().cancellation()).toBe('refund');
      expect(Payment.request(request({ amount: 2_000_000 }), 'p', policy, now).cancellation()).toBe('nothing');
      expect(Payment.voidUnknown('o', 'p', 'cancelled', now).cancellation()).toBe('nothing');
      const failed = pending();
      failed.fail('x', now);
      expect(failed.cancellation()).toBe('void');
    });

    it('APPROVED → CANCELLED (refunded) with a PaymentCancelled caused by the consumed event', () => {
      const payment = approved();
      const causationId = '0b6b3c1e-4a8e-4a59-9a7e-0f0c1f3b7a11';
      payment.cancel('order cancelled: changed my mind', later, causationId);
      expect(payment.snapshot()).toMatchObject({ status: 'CANCELLED', cancelledAt: later, refundedAt: later, reason: 'order cancelled: changed my mind' });
      expect(payment.isCancelled).toBe(true);
      expect(payment.events).toHaveLength(1);
      expect(parseEvent(payment.events[0])).toMatchObject({ ok: true });
      expect(payment.events[0]).toMatchObject({
        eventType: 'PaymentCancelled',
        causationId,
        payload: { paymentId: 'payment-1', customerId: 'alice', storeId: '1', amount: 36000, reason: 'order cancelled: changed my mind' },
      });
      expect(payment.cancellation()).toBe('nothing');
      expect(() => payment.cancel('again', later)).toThrow(PaymentTransitionError);
    });

    it('clamps a long reason to what the event allows', () => {
      const payment = approved();
      payment.cancel('x'.repeat(600), later);
      expect(payment.reason).toHaveLength(500);
      expect(parseEvent(payment.events[0])).toMatchObject({ ok: true });
    });

    it('PENDING → VOIDED without an event; a charge that completes afterwards is owed back until refunded', () => {
      const payment = pending();
      payment.void('app gave up', later);
      expect(payment.snapshot()).toMatchObject({ status: 'VOIDED', voidedAt: later });
      expect(payment.events).toHaveLength(0);
      expect(payment.owesRefund).toBe(false);
      expect(() => payment.approve('tx-late', later)).toThrow(PaymentTransitionError);

      payment.chargedAfterVoid('tx-late', later);
      expect(payment.owesRefund).toBe(true);
      expect(payment.cancellation()).toBe('settle-refund');
      payment.refundSettled(later);
      expect(payment.owesRefund).toBe(false);
      expect(payment.snapshot()).toMatchObject({ status: 'VOIDED', transactionId: 'tx-late', refundedAt: later });
      expect(() => payment.refundSettled(later)).toThrow(PaymentTransitionError);
    });

    it('a tombstone claims an order pay never saw', () => {
      const tombstone = Payment.voidUnknown('order-9', 'p-9', 'order cancelled', now);
      expect(tombstone.snapshot()).toMatchObject({ orderId: 'order-9', status: 'VOIDED', attempts: 0 });
      expect(tombstone.snapshot().customerId).toBeUndefined();
      expect(tombstone.isCancelled).toBe(true);
      expect(() => tombstone.retry(now)).toThrow(PaymentTransitionError);
    });
  });

  it('restore() and snapshot() copy, so stored state is never shared', () => {
    const state = pending().snapshot();
    const restored = Payment.restore(state);
    state.items![0].quantity = 99;
    expect(restored.snapshot().items![0].quantity).toBe(2);
  });
});
