import { randomUUID } from 'node:crypto';
import { PaymentRequest } from '../../domain/payment';
import { PaymentNotFoundError } from '../../domain/payment.errors';
import { PaymentProviderUnavailableError } from '../ports/payment-gateway.port';
import { PaymentTestContext, paymentTestModule } from '../testing/payment-test-module';

const request = (overrides: Partial<PaymentRequest> = {}): PaymentRequest => ({
  orderId: randomUUID(),
  customerId: 'alice',
  storeId: '1',
  items: [{ menuId: 'pizza', name: 'Pizza', quantity: 1, unitPrice: 21000 }],
  amount: 21000,
  ...overrides,
});

describe('CancelPaymentHandler', () => {
  let t: PaymentTestContext;

  beforeEach(async () => {
    t = await paymentTestModule();
  });

  it('refunds an APPROVED payment once and stages one PaymentCancelled, however often it is asked', async () => {
    const command = request();
    await t.approve.execute(command);
    const first = await t.cancel.execute({ orderId: command.orderId, reason: 'customer changed their mind' });
    const second = await t.cancel.execute({ orderId: command.orderId, reason: 'again' });
    expect(first).toMatchObject({ status: 'CANCELLED', reason: 'customer changed their mind', refundedAt: expect.any(Date) });
    expect(second).toEqual(first);
    expect(t.gateway.refunds).toEqual(['tx-1']);
    const cancelled = t.payments.eventsOf(command.orderId, 'PaymentCancelled');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0].payload).toMatchObject({ amount: 21000, reason: 'customer changed their mind', customerId: 'alice' });
    expect(await t.count('cancelled')).toBe(1);
  });

  it('applies a consumed event once (inbox), with the event as causationId', async () => {
    const command = request();
    await t.approve.execute(command);
    const eventId = randomUUID();
    await t.cancel.execute({ orderId: command.orderId, reason: 'order rejected by the store: sold out', causationId: eventId });
    await t.cancel.execute({ orderId: command.orderId, reason: 'order rejected by the store: sold out', causationId: eventId });
    const cancelled = t.payments.eventsOf(command.orderId, 'PaymentCancelled');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0].causationId).toBe(eventId);
    expect(t.gateway.refunds).toHaveLength(1);
  });

  it('records a VOIDED tombstone for an order it never saw, without an event', async () => {
    const orderId = randomUUID();
    const voided = await t.cancel.execute({ orderId, reason: 'order cancelled: not paid', causationId: randomUUID() });
    expect(voided).toMatchObject({ orderId, status: 'VOIDED', reason: 'order cancelled: not paid' });
    expect(await t.cancel.execute({ orderId, reason: 'again' })).toMatchObject({ paymentId: voided.paymentId, status: 'VOIDED' });
    expect(t.payments.eventsOf(orderId)).toHaveLength(0);
    expect(t.gateway.refunds).toHaveLength(0);
  });

  it('voids a PENDING or FAILED payment (nothing charged yet)', async () => {
    t.gateway.answer = 'fail';
    const command = request();
    await expect(t.approve.execute(command)).rejects.toThrow(PaymentProviderUnavailableError);
    expect(await t.cancel.execute({ orderId: command.orderId, reason: 'gave up' })).toMatchObject({ status: 'VOIDED' });
    t.gateway.answer = 'approve';
    await expect(t.approve.execute(command)).rejects.toThrow(/cancelled/);
    expect(t.gateway.refunds).toHaveLength(0);
  });

  it('leaves a DECLINED payment as it is', async () => {
    const command = request({ amount: 5_000_000 });
    await t.approve.execute(command);
    expect(await t.cancel.execute({ orderId: command.orderId, reason: 'x' })).toMatchObject({ status: 'DECLINED' });
    expect(t.gateway.refunds).toHaveLength(0);
  });

  it('keeps the payment APPROVED when the refund cannot reach the provider (the caller retries)', async () => {
    const command = request();
    await t.approve.execute(command);
    t.gateway.refundsFail = true;
    await expect(t.cancel.execute({ orderId: command.orderId, reason: 'x' })).rejects.toThrow(PaymentProviderUnavailableError);
    expect(t.payments.stored(command.orderId)).toMatchObject({ status: 'APPROVED' });
    expect(t.payments.eventsOf(command.orderId, 'PaymentCancelled')).toHaveLength(0);
    t.gateway.refundsFail = false;
    expect(await t.cancel.execute({ orderId: command.orderId, reason: 'x' })).toMatchObject({ status: 'CANCELLED' });
  });
});

describe('GetPaymentHandler', () => {
  it('shows a payment to services, admins and its own customer only', async () => {
    const t = await paymentTestModule();
    const command = request();
    await t.approve.execute(command);
    const { orderId } = command;
    await expect(t.get.execute({ orderId, viewer: { id: 'app', role: 'service' } })).resolves.toMatchObject({ status: 'APPROVED' });
    await expect(t.get.execute({ orderId, viewer: { id: 'root', role: 'admin' } })).resolves.toMatchObject({ status: 'APPROVED' });
    await expect(t.get.execute({ orderId, viewer: { id: 'alice', role: 'customer' } })).resolves.toMatchObject({ customerId: 'alice' });
    await expect(t.get.execute({ orderId, viewer: { id: 'bob', role: 'customer' } })).rejects.toThrow(PaymentNotFoundError);
    await expect(t.get.execute({ orderId, viewer: { id: 'alice', role: 'owner' } })).rejects.toThrow(PaymentNotFoundError);
    await expect(t.get.execute({ orderId: 'nope', viewer: { id: 'app', role: 'service' } })).rejects.toThrow('No payment for order nope');
  });
});
