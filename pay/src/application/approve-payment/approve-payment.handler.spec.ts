import { randomUUID } from 'node:crypto';
import { PaymentCancelledError, PaymentConflictError, PaymentInProgressError } from '../../domain/payment.errors';
import { PaymentRequest } from '../../domain/payment';
import { PaymentProviderUnavailableError } from '../ports/payment-gateway.port';
import { PaymentTestContext, paymentTestModule } from '../testing/payment-test-module';

const request = (overrides: Partial<PaymentRequest> = {}): PaymentRequest => ({
  orderId: randomUUID(),
  customerId: 'alice',
  storeId: '1',
  items: [{ menuId: 'chicken', name: 'Chicken', quantity: 1, unitPrice: 18000 }],
  amount: 18000,
  ...overrides,
});

describe('ApprovePaymentHandler', () => {
  let t: PaymentTestContext;

  beforeEach(async () => {
    t = await paymentTestModule();
  });

  it('charges once, stores APPROVED and stages one PaymentApproved', async () => {
    const command = request();
    const result = await t.approve.execute(command);
    expect(result).toMatchObject({ outcome: 'approved', repeated: false, payment: { status: 'APPROVED', transactionId: 'tx-1', amount: 18000 } });
    expect(t.gateway.charges).toEqual([{ orderId: command.orderId, amount: 18000 }]);
    expect(t.payments.stored(command.orderId)).toMatchObject({ status: 'APPROVED', version: 2 });
    expect(t.payments.eventsOf(command.orderId).map((event) => event.eventType)).toEqual(['PaymentApproved']);
    expect(await t.count('approved')).toBe(1);
  });

  it('answers a repeat with the stored payment and never charges twice', async () => {
    const command = request();
    const first = await t.approve.execute(command);
    const second = await t.approve.execute({ ...command, items: [...command.items] });
    expect(second).toMatchObject({ outcome: 'approved', repeated: true });
    expect(second.payment.paymentId).toBe(first.payment.paymentId);
    expect(t.gateway.charges).toHaveLength(1);
    expect(t.payments.eventsOf(command.orderId, 'PaymentApproved')).toHaveLength(1);
  });

  it('lets concurrent duplicates collide on the orderId: one charge, one payment', async () => {
    const t2 = await paymentTestModule({ inProgressWaitMs: 2000 });
    const command = request();
    const results = await Promise.all([t2.approve.execute(command), t2.approve.execute(command), t2.approve.execute(command)]);
    expect(new Set(results.map((result) => result.payment.paymentId)).size).toBe(1);
    expect(results.map((result) => result.outcome)).toEqual(['approved', 'approved', 'approved']);
    expect(results.filter((result) => !result.repeated)).toHaveLength(1);
    expect(t2.gateway.charges).toHaveLength(1);
    expect(t2.payments.eventsOf(command.orderId)).toHaveLength(1);
  });

  it('refuses the same orderId with another amount or customer (409)', async () => {
    const command = request();
    await t.approve.execute(command);
    await expect(t.approve.execute({ ...command, amount: 99 })).rejects.toThrow(PaymentConflictError);
    await expect(t.approve.execute({ ...command, customerId: 'mallory' })).rejects.toThrow(/different customer/);
    expect(t.gateway.charges).toHaveLength(1);
  });

  it('declines above the approval limit without asking the provider, and again on a repeat', async () => {
    const command = request({ amount: 1_000_001 });
    const result = await t.approve.execute(command);
    expect(result).toMatchObject({ outcome: 'declined', repeated: false, payment: { status: 'DECLINED' } });
    expect(result.payment.reason).toMatch(/exceeds the approval limit of 1000000 won/);
    expect(await t.approve.execute(command)).toMatchObject({ outcome: 'declined', repeated: true });
    expect(t.gateway.charges).toHaveLength(0);
    expect(t.payments.eventsOf(command.orderId)).toHaveLength(0);
    expect(await t.count('declined')).toBe(1);
  });

  it('stores a provider decline and never asks again for that order', async () => {
    t.gateway.answer = 'decline';
    const command = request();
    expect(await t.approve.execute(command)).toMatchObject({ outcome: 'declined', payment: { status: 'DECLINED', reason: 'insufficient funds' } });
    t.gateway.answer = 'approve';
    expect(await t.approve.execute(command)).toMatchObject({ outcome: 'declined', repeated: true });
    expect(t.gateway.charges).toHaveLength(1);
  });

  it('marks the payment FAILED when the provider is unreachable (503), and a retry charges again', async () => {
    t.gateway.answer = 'fail';
    const command = request();
    await expect(t.approve.execute(command)).rejects.toThrow(PaymentProviderUnavailableError);
    expect(t.payments.stored(command.orderId)).toMatchObject({ status: 'FAILED' });
    expect(await t.count('failed')).toBe(1);

    t.gateway.answer = 'approve';
    const retried = await t.approve.execute(command);
    expect(retried).toMatchObject({ outcome: 'approved', repeated: false, payment: { status: 'APPROVED', attempts: 2 } });
    expect(t.gateway.charges).toHaveLength(2);
    expect(t.payments.eventsOf(command.orderId, 'PaymentApproved')).toHaveLength(1);
  });

  it('refunds a charge that completes after the payment was voided, and records no approval', async () => {
    const command = request();
    t.gateway.whileCharging = async () => {
      // app's reconciliation gives up on the order while the provider is still charging it
      t.gateway.whileCharging = undefined;
      expect(await t.cancel.execute({ orderId: command.orderId, reason: 'app timed out' })).toMatchObject({ status: 'VOIDED' });
    };
    await expect(t.approve.execute(command)).rejects.toThrow(
      new PaymentCancelledError(command.orderId, 'while-processing', true).message,
    );
    expect(t.gateway.refunds).toEqual(['tx-1']);
    expect(t.payments.stored(command.orderId)).toMatchObject({ status: 'VOIDED', transactionId: 'tx-1', refundedAt: expect.any(Date) });
    expect(t.payments.eventsOf(command.orderId)).toHaveLength(0);
    expect(await t.count('approved')).toBe(0);
    expect(await t.count('cancelled')).toBe(1);

    // and a later repeat can never charge it
    await expect(t.approve.execute(command)).rejects.toThrow(PaymentCancelledError);
    expect(t.gateway.charges).toHaveLength(1);
  });

  it('keeps a late refund owed when the provider is down, and settles it on the next cancel', async () => {
    const command = request();
    t.gateway.whileCharging = async () => {
      t.gateway.whileCharging = undefined;
      await t.cancel.execute({ orderId: command.orderId, reason: 'app timed out' });
      t.gateway.refundsFail = true;
    };
    await expect(t.approve.execute(command)).rejects.toThrow(PaymentProviderUnavailableError);
    expect(t.payments.stored(command.orderId)).toMatchObject({ status: 'VOIDED', transactionId: 'tx-1' });
    expect(t.payments.stored(command.orderId)?.refundedAt).toBeUndefined();

    t.gateway.refundsFail = false;
    expect(await t.cancel.execute({ orderId: command.orderId, reason: 'reconciliation' })).toMatchObject({
      status: 'VOIDED',
      refundedAt: expect.any(Date),
    });
    expect(t.gateway.refunds).toEqual(['tx-1']);
  });

  it('never charges an order voided before its payment request arrived (tombstone)', async () => {
    const command = request();
    expect(await t.cancel.execute({ orderId: command.orderId, reason: 'app gave up' })).toMatchObject({ status: 'VOIDED' });
    await expect(t.approve.execute(command)).rejects.toThrow(/was cancelled; it cannot be charged again/);
    expect(t.gateway.charges).toHaveLength(0);
  });

  it('retries a PENDING payment abandoned by a crash (stale), once', async () => {
    const command = request();
    const old = new Date(Date.now() - 120_000);
    t.payments.put({
      paymentId: 'p-crashed',
      orderId: command.orderId,
      status: 'PENDING',
      customerId: 'alice',
      storeId: '1',
      items: [...command.items],
      amount: 18000,
      attempts: 1,
      version: 1,
      createdAt: old,
      updatedAt: old,
    });
    const result = await t.approve.execute(command);
    expect(result).toMatchObject({ outcome: 'approved', payment: { paymentId: 'p-crashed', attempts: 2 } });
    expect(t.gateway.charges).toHaveLength(1);
  });

  it('answers 409 in progress while a fresh PENDING is being charged by another request', async () => {
    const command = request();
    const now = new Date();
    t.payments.put({
      paymentId: 'p-busy',
      orderId: command.orderId,
      status: 'PENDING',
      customerId: 'alice',
      storeId: '1',
      items: [...command.items],
      amount: 18000,
      attempts: 1,
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await expect(t.approve.execute(command)).rejects.toThrow(PaymentInProgressError);
    expect(t.gateway.charges).toHaveLength(0);
  });
});
