import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { DomainEvent, EventType, createEvent, parseEvent } from '@fooddelivery/contracts';
import { EventPublisher } from '@fooddelivery/messaging';
import { eventually } from '../../test/support/kafka';
import { TestStack, call } from '../../test/support/stack';

/**
 * pay as a real process on the real infrastructure: its own PostgreSQL database (SQLite without
 * PostgreSQL), its own Kafka topic and consumer group, its own token keys. Port 18282.
 */
let stack: TestStack;
let reader: Consumer;
let publisher: EventPublisher;
const seen: { key: string | undefined; eventType: string | undefined; value: string }[] = [];

/** A user's token as the gateway signs it, or (role `service`) app's own token as pay trusts it. */
const token = (role: string, sub: string) =>
  stack.tokens.sign({ sub, role, ...(role === 'owner' ? { storeId: '1' } : {}) }, role === 'service' ? { issuer: `fooddelivery-${sub}` } : {});
let service: string;
let admin: string;
let alice: string;
let bob: string;

const pay = (path: string) => `http://127.0.0.1:${stack.port('pay')}${path}`;

const paymentRequest = (overrides: Record<string, unknown> = {}) => ({
  orderId: randomUUID(),
  customerId: 'alice',
  storeId: '1',
  items: [{ menuId: 'chicken', name: 'Chicken', quantity: 2, unitPrice: 18000 }],
  amount: 36000,
  ...overrides,
});

/** The events pay published for one order (keyed by its orderId), parsed and validated. */
function eventsOf(orderId: string, eventType?: EventType): DomainEvent[] {
  return seen
    .filter((message) => message.key === orderId && (!eventType || message.eventType === eventType))
    .map((message) => {
      const parsed = parseEvent(JSON.parse(message.value));
      if (!parsed.ok) throw new Error(`invalid event on the topic: ${parsed.reason}`);
      return parsed.event;
    })
    .filter((event) => event.producer === 'pay');
}

/** Lets the outbox relay (flush and 1 s sweep) publish anything it still might. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2500));

const setGateway = (settings: Record<string, unknown>) => call(pay('/admin/pay/gateway'), { method: 'PUT', token: admin, body: settings });

beforeAll(async () => {
  stack = await TestStack.start({
    services: ['pay'],
    basePort: 18280,
    env: { pay: { KAFKA_CONSUMER_GROUP: `pay-test-${randomUUID()}`, PAY_IN_PROGRESS_WAIT_MS: '3000' } },
  });
  [service, admin, alice, bob] = [token('service', 'app'), token('admin', 'root'), token('customer', 'alice'), token('customer', 'bob')];
  reader = stack.kafka.consumer({ groupId: `pay-test-reader-${randomUUID()}` });
  await reader.connect();
  await reader.subscribe({ topic: stack.topic, fromBeginning: true });
  await reader.run({
    eachMessage: async ({ message }) => {
      seen.push({ key: message.key?.toString(), eventType: message.headers?.eventType?.toString(), value: message.value?.toString() ?? '' });
    },
  });
  publisher = new EventPublisher(stack.kafka, stack.topic);
  await publisher.connect();
});

afterAll(async () => {
  await reader?.disconnect();
  await publisher?.disconnect();
  await stack?.stop();
});

describe('POST /payments', () => {
  it('approves: 201, then one PaymentApproved keyed by orderId; a repeat answers 200 with the same payment and charges once', async () => {
    const request = paymentRequest();
    const first = await call(pay('/payments'), { token: service, body: request });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      paymentId: expect.any(String),
      orderId: request.orderId,
      customerId: 'alice',
      storeId: '1',
      amount: 36000,
      items: request.items,
      status: 'APPROVED',
      transactionId: expect.stringMatching(/^sim_/),
      approvedAt: expect.any(String),
    });

    const again = await call(pay('/payments'), { token: service, body: request });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const concurrent = await Promise.all([1, 2, 3].map(() => call(pay('/payments'), { token: admin, body: request })));
    for (const answer of concurrent) expect([answer.status, answer.body.paymentId]).toEqual([200, first.body.paymentId]);

    await eventually(() => eventsOf(request.orderId, 'PaymentApproved').length > 0, 20_000, 'PaymentApproved');
    const [approved] = eventsOf(request.orderId, 'PaymentApproved');
    expect(approved).toMatchObject({
      eventType: 'PaymentApproved',
      eventVersion: 1,
      orderId: request.orderId,
      producer: 'pay',
      payload: { paymentId: first.body.paymentId, customerId: 'alice', storeId: '1', items: request.items, amount: 36000 },
    });
    await settle();
    expect(eventsOf(request.orderId, 'PaymentApproved')).toHaveLength(1);
  });

  it('declines over the approval limit with 402, stores DECLINED, and declines a repeat again without an event', async () => {
    const request = paymentRequest({ amount: 1_000_001, items: [{ menuId: 'feast', name: 'Feast', quantity: 1, unitPrice: 1_000_001 }] });
    const declined = await call(pay('/payments'), { token: service, body: request });
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({
      statusCode: 402,
      error: 'Payment Required',
      message: 'Payment declined: amount 1000001 exceeds the approval limit of 1000000 won',
    });
    expect((await call(pay('/payments'), { token: service, body: request })).status).toBe(402);
    expect((await call(pay(`/payments/${request.orderId}`), { token: service })).body).toMatchObject({ status: 'DECLINED' });
    await settle();
    expect(eventsOf(request.orderId)).toHaveLength(0);
  });

  it('refuses the same orderId with another amount (409)', async () => {
    const request = paymentRequest();
    expect((await call(pay('/payments'), { token: service, body: request })).status).toBe(201);
    const other = await call(pay('/payments'), { token: service, body: { ...request, amount: 1 } });
    expect(other.status).toBe(409);
    expect(other.body.message).toMatch(/different amount/);
  });

  it.each([
    ['no amount', { amount: undefined }, /amount must be an integer/],
    ['a text amount', { amount: '36000' }, /amount must be an integer/],
    ['a negative amount', { amount: -1 }, /amount must not be less than 0/],
    ['no orderId', { orderId: undefined }, /orderId should not be empty/],
    ['no items', { items: [] }, /items must contain at least 1 elements/],
    ['a zero quantity', { items: [{ menuId: 'm', name: 'M', quantity: 0, unitPrice: 1 }] }, /items\.0\.quantity must not be less than 1/],
    ['an unknown field', { coupon: 'FREE' }, /property coupon should not exist/],
  ])('answers 400 naming the field for %s', async (_case, overrides, message) => {
    const answer = await call(pay('/payments'), { token: service, body: paymentRequest(overrides) });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message) });
  });

  it('answers 400 for malformed JSON', async () => {
    const answer = await call(pay('/payments'), { token: service, rawBody: '{"orderId": ' });
    expect(answer.status).toBe(400);
  });
});

describe('cancellation', () => {
  it('refunds an approved payment: 200 CANCELLED, one PaymentCancelled however often it is cancelled', async () => {
    const request = paymentRequest();
    const approved = await call(pay('/payments'), { token: service, body: request });
    expect(approved.status).toBe(201);
    const first = await call(pay(`/payments/${request.orderId}/cancel`), { token: service, body: { reason: 'customer changed their mind' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ paymentId: approved.body.paymentId, status: 'CANCELLED', reason: 'customer changed their mind' });
    const second = await call(pay(`/payments/${request.orderId}/cancel`), { token: admin, method: 'POST' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);

    const repeat = await call(pay('/payments'), { token: service, body: request });
    expect(repeat.status).toBe(409);
    expect(repeat.body.message).toMatch(/was cancelled/);

    await eventually(() => eventsOf(request.orderId, 'PaymentCancelled').length > 0, 20_000, 'PaymentCancelled');
    await settle();
    expect(eventsOf(request.orderId).map((event) => event.eventType)).toEqual(['PaymentApproved', 'PaymentCancelled']);
    expect(eventsOf(request.orderId, 'PaymentCancelled')[0].payload).toMatchObject({
      paymentId: approved.body.paymentId,
      amount: 36000,
      reason: 'customer changed their mind',
    });
  });

  it('voids an order pay never saw, so a late POST /payments for it can never charge', async () => {
    const request = paymentRequest();
    const voided = await call(pay(`/payments/${request.orderId}/cancel`), { token: service, body: { reason: 'payment outcome unknown' } });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ orderId: request.orderId, status: 'VOIDED' });

    const late = await call(pay('/payments'), { token: service, body: request });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: expect.stringMatching(/cancelled/) });
    expect((await call(pay(`/payments/${request.orderId}`), { token: service })).body).toMatchObject({ status: 'VOIDED' });
    await settle();
    expect(eventsOf(request.orderId)).toHaveLength(0);
  });

  it('refunds on OrderCancelled from the topic, once even when the event is delivered twice', async () => {
    const request = paymentRequest();
    expect((await call(pay('/payments'), { token: service, body: request })).status).toBe(201);
    const cancelled = createEvent('OrderCancelled', {
      orderId: request.orderId,
      producer: 'app',
      payload: { customerId: 'alice', storeId: '1', reason: 'changed my mind' },
    });
    await publisher.publish([cancelled]);
    await publisher.publish([cancelled]);

    await eventually(() => eventsOf(request.orderId, 'PaymentCancelled').length > 0, 30_000, 'PaymentCancelled after OrderCancelled');
    const [refund] = eventsOf(request.orderId, 'PaymentCancelled');
    expect(refund).toMatchObject({ causationId: cancelled.eventId, payload: { reason: 'order cancelled: changed my mind', amount: 36000 } });
    expect((await call(pay(`/payments/${request.orderId}`), { token: service })).body).toMatchObject({ status: 'CANCELLED' });
    await settle();
    expect(eventsOf(request.orderId, 'PaymentCancelled')).toHaveLength(1);
  });

  it('records a void for OrderRejected of an order without a payment, and emits nothing', async () => {
    const orderId = randomUUID();
    await publisher.publish([
      createEvent('OrderRejected', { orderId, producer: 'store', payload: { storeId: '1', customerId: 'alice', reason: 'sold out' } }),
    ]);
    await eventually(async () => (await call(pay(`/payments/${orderId}`), { token: service })).status === 200, 30_000, 'the void');
    expect((await call(pay(`/payments/${orderId}`), { token: service })).body).toMatchObject({
      status: 'VOIDED',
      reason: 'order rejected by the store: sold out',
    });
    expect((await call(pay('/payments'), { token: service, body: paymentRequest({ orderId }) })).status).toBe(409);
    expect(eventsOf(orderId)).toHaveLength(0);
  });
});

describe('access', () => {
  it('lets only services and admins create or cancel payments; customers see only their own', async () => {
    const request = paymentRequest();
    const byCustomer = await call(pay('/payments'), { token: alice, body: request });
    expect(byCustomer.status).toBe(403);
    expect(byCustomer.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect((await call(pay('/payments'), { body: request })).status).toBe(401);
    expect((await call(pay('/payments'), { token: 'not.a.token', body: request })).status).toBe(401);
    expect((await call(pay(`/payments/${request.orderId}`), { token: service })).status).toBe(404);

    expect((await call(pay('/payments'), { token: service, body: request })).status).toBe(201);
    expect((await call(pay(`/payments/${request.orderId}/cancel`), { token: alice, body: {} })).status).toBe(403);
    expect((await call(pay(`/payments/${request.orderId}/cancel`), { token: token('owner', 'owner1'), body: {} })).status).toBe(403);
    expect((await call(pay(`/payments/${request.orderId}`), { token: alice })).body).toMatchObject({ orderId: request.orderId, status: 'APPROVED' });
    const forBob = await call(pay(`/payments/${request.orderId}`), { token: bob });
    expect(forBob.status).toBe(404);
    expect((await call(pay(`/payments/${request.orderId}`))).status).toBe(401);
  });
});

describe('the simulated payment gateway', () => {
  afterAll(async () => {
    await setGateway({ latencyMs: '0', failureRate: 0, declineRate: 0 });
  });

  it('is admin-only, validated, applied at once and reflected by GET', async () => {
    expect((await call(pay('/admin/pay/gateway'), { token: admin })).body).toEqual({ latencyMs: '0', failureRate: 0, declineRate: 0 });
    expect((await call(pay('/admin/pay/gateway'), { token: service })).status).toBe(403);
    expect((await call(pay('/admin/pay/gateway'), { method: 'PUT', token: alice, body: { failureRate: 1 } })).status).toBe(403);

    const slow = await setGateway({ latencyMs: '200-250', failureRate: 0.2 });
    expect(slow.status).toBe(200);
    expect(slow.body).toEqual({ latencyMs: '200-250', failureRate: 0.2, declineRate: 0 });
    expect((await call(pay('/admin/pay/gateway'), { token: admin })).body).toEqual(slow.body);

    for (const bad of [{ latencyMs: '620-400' }, { latencyMs: 'slow' }, { failureRate: 1.5 }, { declineRate: -0.1 }, { failureRate: '0.5' }]) {
      const answer = await setGateway(bad);
      expect({ bad, status: answer.status }).toEqual({ bad, status: 400 });
      expect(answer.body.message).toMatch(/latencyMs|failureRate|declineRate/);
    }
    expect((await call(pay('/admin/pay/gateway'), { token: admin })).body).toEqual(slow.body);
  });

  it('slows charges by the latency, and fails them at failureRate 1 (503, Retry-After); a retry after recovery charges', async () => {
    await setGateway({ latencyMs: '200-250', failureRate: 0 });
    const slow = await call(pay('/payments'), { token: service, body: paymentRequest() });
    expect(slow.status).toBe(201);
    expect(slow.ms).toBeGreaterThanOrEqual(190);

    await setGateway({ latencyMs: '0', failureRate: 1 });
    const request = paymentRequest();
    const down = await call(pay('/payments'), { token: service, body: request });
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: 'The payment provider is unavailable; please retry shortly' });
    expect(down.headers.get('retry-after')).toBe('1');
    expect((await call(pay(`/payments/${request.orderId}`), { token: service })).body).toMatchObject({ status: 'FAILED' });

    await setGateway({ failureRate: 0 });
    const retried = await call(pay('/payments'), { token: service, body: request });
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ status: 'APPROVED', attempts: 2 });
  });

  it('declines what the provider declines (402 DECLINED)', async () => {
    await setGateway({ declineRate: 1 });
    const answer = await call(pay('/payments'), { token: service, body: paymentRequest() });
    expect(answer.status).toBe(402);
    expect(answer.body.message).toMatch(/^Payment declined: the card issuer declined/);
    await setGateway({ declineRate: 0 });
  });
});

it('counts outcomes in payments_total', async () => {
  const metrics = (await call(pay('/metrics'))).body as string;
  for (const outcome of ['approved', 'declined', 'failed', 'cancelled']) {
    expect(metrics).toMatch(new RegExp(`payments_total\\{outcome="${outcome}",service="pay"\\} [1-9]`));
  }
});
