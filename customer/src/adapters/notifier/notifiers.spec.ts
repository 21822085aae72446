import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Notification } from '../../domain/notification';
import { KAKAO_MEMO_PATH, KakaoNotifier, kakaoMemoRequest } from './kakao.notifier';
import { WebhookNotifier } from './webhook.notifier';
import { LogNotifier } from './log.notifier';

const notification: Notification = {
  notificationId: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
  customerId: 'alice',
  orderId: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
  status: 'COOKING',
  eventType: 'CookingStarted',
  message: 'Your order #1a2b3c4d is being cooked',
  state: 'PENDING',
  attempts: 0,
  occurredAt: new Date(),
  createdAt: new Date(),
};

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTP server that records requests and answers with the next scripted reply. */
async function fakeServer(replies: { status: number; body: string }[]) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      const reply = replies.shift() ?? { status: 200, body: '{"result_code":0}' };
      response.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { received, base, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('KakaoNotifier', () => {
  const settings = (base: string) => ({
    apiBaseUrl: `${base}/`,
    accessToken: 'token-123',
    linkUrl: 'http://127.0.0.1:8080',
    timeoutMs: 5000,
  });

  it('builds the "send to me" request with the default text template', () => {
    const request = kakaoMemoRequest(settings('https://kapi.kakao.com'), { ...notification, message: 'x'.repeat(300) });
    expect(request.url).toBe('https://kapi.kakao.com/v2/api/talk/memo/default/send');
    expect(request.method).toBe('POST');
    expect(request.headers).toEqual({
      authorization: 'Bearer token-123',
      'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
    });
    const form = new URLSearchParams(request.body);
    expect([...form.keys()]).toEqual(['template_object']);
    const template = JSON.parse(form.get('template_object')!);
    expect(template).toEqual({
      object_type: 'text',
      text: 'x'.repeat(200),
      link: { web_url: 'http://127.0.0.1:8080', mobile_web_url: 'http://127.0.0.1:8080' },
      button_title: '주문 보기',
    });
  });

  it('posts it and accepts result_code 0 only', async () => {
    const server = await fakeServer([
      { status: 200, body: '{"result_code":0}' },
      { status: 401, body: '{"msg":"this access token does not exist","code":-401}' },
      { status: 200, body: '{"result_code":-1}' },
      { status: 200, body: 'ok' },
    ]);
    try {
      const kakao = new KakaoNotifier(settings(server.base));
      await kakao.send(notification);
      await expect(kakao.send(notification)).rejects.toThrow(/kakao answered 401: .*access token/);
      await expect(kakao.send(notification)).rejects.toThrow('kakao answered result_code -1');
      await expect(kakao.send(notification)).rejects.toThrow(/without JSON/);
      const [first] = server.received;
      expect(first).toMatchObject({ method: 'POST', url: KAKAO_MEMO_PATH });
      expect(first.headers.authorization).toBe('Bearer token-123');
      expect(first.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=utf-8');
      expect(JSON.parse(new URLSearchParams(first.body).get('template_object')!).text).toBe(notification.message);
    } finally {
      await server.close();
    }
  });
});

describe('WebhookNotifier', () => {
  it('posts the notification as JSON; a non-2xx answer is a failure', async () => {
    const server = await fakeServer([
      { status: 204, body: '' },
      { status: 503, body: 'busy' },
    ]);
    try {
      const webhook = new WebhookNotifier({ url: `${server.base}/hooks/notify`, timeoutMs: 5000 });
      await webhook.send(notification);
      await expect(webhook.send(notification)).rejects.toThrow('webhook answered 503: busy');
      expect(server.received[0]).toMatchObject({ method: 'POST', url: '/hooks/notify' });
      expect(server.received[0].headers['content-type']).toBe('application/json');
      expect(JSON.parse(server.received[0].body)).toEqual({
        notificationId: notification.notificationId,
        customerId: 'alice',
        orderId: notification.orderId,
        message: notification.message,
        status: 'COOKING',
      });
    } finally {
      await server.close();
    }
  });

  it('fails when nobody answers', async () => {
    const webhook = new WebhookNotifier({ url: 'http://127.0.0.1:9/nothing-listens-here', timeoutMs: 2000 });
    await expect(webhook.send(notification)).rejects.toThrow();
  });
});

describe('LogNotifier', () => {
  it('writes one line with the orderId', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    await new LogNotifier(logger).send(notification);
    expect(JSON.parse(lines[0])).toMatchObject({
      orderId: notification.orderId,
      customerId: 'alice',
      msg: 'notification to alice: Your order #1a2b3c4d is being cooked',
    });
  });
});
