import { randomUUID } from 'node:crypto';
import { IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { orderEvent } from '../src/domain/order-events.fixture';
import { CustomerUnderTest, NotificationBody } from './customer-test-kit';

/**
 * The KakaoTalk and webhook notifiers of the real customer process (ports 18488, 18489) against a
 * local HTTP server that checks every request and fails on purpose: a notification survives failures
 * (SENT on its third attempt), and one that never gets through ends FAILED, the view unaffected.
 */
interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers `failFirst` requests per order with 500 (every request for `alwaysFailing`), then `ok`. */
async function flakyServer(
  ok: { status: number; body: string },
  failFirst: number,
  alwaysFailing: () => string | undefined,
) {
  const received: Received[] = [];
  const failuresLeft = new Map<string, number>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      const key = body.includes(alwaysFailing() ?? '\u0000') ? 'always' : body;
      const left = key === 'always' ? Infinity : (failuresLeft.get(key) ?? failFirst);
      if (left > 0) {
        failuresLeft.set(key, left - 1);
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"msg":"internal error","code":-1}');
        return;
      }
      response.writeHead(ok.status, { 'content-type': 'application/json' }).end(ok.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const alice = (customer: CustomerUnderTest) => customer.token('alice', 'customer');
const notificationsOf = (customer: CustomerUnderTest, orderId: string) =>
  customer.notificationsOf(alice(customer), orderId);

describe('NOTIFIER=kakao', () => {
  let server: Awaited<ReturnType<typeof flakyServer>>;
  let customer: CustomerUnderTest;
  let brokenOrder: string | undefined;

  beforeAll(async () => {
    server = await flakyServer({ status: 200, body: '{"result_code":0}' }, 2, () => brokenOrder);
    customer = new CustomerUnderTest(18488, {
      NOTIFIER: 'kakao',
      KAKAO_API_BASE_URL: server.base,
      KAKAO_ACCESS_TOKEN: 'test-access-token',
      KAKAO_LINK_URL: 'http://127.0.0.1:18080/orders',
      NOTIFICATION_MAX_ATTEMPTS: '4',
    });
    await customer.start();
  });

  afterAll(async () => {
    await customer?.dispose();
    await server?.close();
  });

  it('sends "send to me" with the default text template; two failures, SENT on the third attempt', async () => {
    const orderId = randomUUID();
    await customer.publish(orderEvent('OrderPlaced', 0, {}, orderId));
    await customer.waitFor<NotificationBody[]>(
      '/notifications',
      alice(customer),
      (body) => body.some((n) => n.orderId === orderId && n.state === 'SENT'),
      'SENT',
    );
    const [sent] = await notificationsOf(customer, orderId);
    expect(sent).toMatchObject({
      status: 'PLACED',
      state: 'SENT',
      attempts: 3,
      lastError: expect.stringMatching(/^kakao answered 500/),
    });

    const requests = server.received.filter((request) => request.body.includes(orderId.slice(0, 8)));
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/v2/api/talk/memo/default/send');
      expect(request.headers.authorization).toBe('Bearer test-access-token');
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=utf-8');
      const form = new URLSearchParams(request.body);
      expect([...form.keys()]).toEqual(['template_object']);
      expect(JSON.parse(form.get('template_object')!)).toEqual({
        object_type: 'text',
        text: `Your order #${orderId.slice(0, 8)} was placed (22,000 won)`,
        link: { web_url: 'http://127.0.0.1:18080/orders', mobile_web_url: 'http://127.0.0.1:18080/orders' },
        button_title: '주문 보기',
      });
    }
  });

  it('gives up as FAILED after the last attempt, never holding up the view', async () => {
    const orderId = randomUUID();
    brokenOrder = orderId.slice(0, 8);
    await customer.publish(orderEvent('OrderPlaced', 0, {}, orderId), orderEvent('OrderAccepted', 1, {}, orderId));
    // the view is complete long before the notifications have given up
    await customer.waitFor(
      `/order-status/${orderId}`,
      alice(customer),
      (view) => view.status === 'ACCEPTED',
      'ACCEPTED',
    );
    await customer.waitFor<NotificationBody[]>(
      '/notifications',
      alice(customer),
      (body) => body.filter((n) => n.orderId === orderId && n.state === 'FAILED').length === 2,
      'two FAILED notifications',
    );
    for (const failed of await notificationsOf(customer, orderId)) {
      expect(failed).toMatchObject({
        state: 'FAILED',
        attempts: 4,
        lastError: expect.stringMatching(/^kakao answered 500/),
      });
      expect(failed.nextAttemptAt).toBeUndefined();
    }
    const metrics = (await customer.get('/metrics')).body as string;
    expect(metrics).toMatch(/notifications_total\{state="FAILED",service="customer"\} 2/);
    expect(metrics).toMatch(/notification_attempts_total\{outcome="failure",service="customer"\} \d+/);
  });
});

describe('NOTIFIER=webhook', () => {
  let server: Awaited<ReturnType<typeof flakyServer>>;
  let customer: CustomerUnderTest;

  beforeAll(async () => {
    server = await flakyServer({ status: 204, body: '' }, 2, () => undefined);
    customer = new CustomerUnderTest(18489, {
      NOTIFIER: 'webhook',
      NOTIFIER_WEBHOOK_URL: `${server.base}/hooks/fooddelivery`,
    });
    await customer.start();
  });

  afterAll(async () => {
    await customer?.dispose();
    await server?.close();
  });

  it('posts each notification as JSON; two failures, SENT on the third attempt', async () => {
    const orderId = randomUUID();
    await customer.publish(orderEvent('OrderPlaced', 0, {}, orderId));
    await customer.waitFor<NotificationBody[]>(
      '/notifications',
      alice(customer),
      (body) => body.some((n) => n.orderId === orderId && n.state === 'SENT'),
      'SENT',
    );
    const [sent] = await notificationsOf(customer, orderId);
    expect(sent).toMatchObject({
      state: 'SENT',
      attempts: 3,
      lastError: 'webhook answered 500: {"msg":"internal error","code":-1}',
    });

    const requests = server.received.filter((request) => request.body.includes(orderId));
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request).toMatchObject({ method: 'POST', url: '/hooks/fooddelivery' });
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body)).toEqual({
        notificationId: sent.notificationId,
        customerId: 'alice',
        orderId,
        message: `Your order #${orderId.slice(0, 8)} was placed (22,000 won)`,
        status: 'PLACED',
      });
    }
  });
});
