import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { ProbeRegistry, ServiceMetrics, ServiceTokenIssuer, generateSigningKeySync } from '@fooddelivery/platform';
import type { PaymentRequest } from '../../application/ports/payments.port';
import { PayBreakerSettings } from './pay-breaker.settings';
import { PayHttpClient } from './pay-http.client';

/** Ports of the two stand-in pay instances (the range the project's tests may use). */
const PORTS = [19980, 19981];

/** A stand-in pay instance: approves every payment, or breaks the connection before answering. */
class PayInstance {
  readonly calls: string[] = [];
  breakConnections = false;
  private server: Server | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', resolve);
    });
  }

  /** Closed: connections to its port are refused. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    this.calls.push(`${request.method} ${request.url}`);
    if (this.breakConnections) {
      request.socket.destroy();
      return;
    }
    if (request.url === '/health/ready') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const { orderId } = (body ? JSON.parse(body) : {}) as { orderId?: string };
    const status = request.url?.endsWith('/cancel') ? 'CANCELLED' : 'APPROVED';
    response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ paymentId: `payment-of-${orderId}`, status }));
  }
}

function payment(orderId: string): PaymentRequest {
  return { orderId, customerId: 'alice', storeId: '1', items: [], amount: 18000 };
}

describe('PayHttpClient over several pay instances', () => {
  const instances = PORTS.map((port) => new PayInstance(port));
  const [a, b] = instances as [PayInstance, PayInstance];
  let client: PayHttpClient;

  function createClient(checkIntervalMs = 60_000): PayHttpClient {
    const settings: PayBreakerSettings = {
      urls: instances.map((instance) => instance.url),
      checkIntervalMs,
      timeoutMs: 2000,
      errorThresholdPercentage: 50,
      volumeThreshold: 100,
      rollingCountTimeoutMs: 10_000,
      resetTimeoutMs: 5000,
      capacity: 50,
    };
    const tokens = new ServiceTokenIssuer(
      'app',
      { issuer: 'fooddelivery-gateway', audience: 'fooddelivery', jwksUrl: 'http://127.0.0.1:1/jwks', cacheMaxAgeMs: 1000, trustedServices: [] },
      generateSigningKeySync(),
    );
    return new PayHttpClient(settings, tokens, new ProbeRegistry(), new ServiceMetrics('app'), pino({ level: 'silent' }));
  }

  beforeEach(async () => {
    for (const instance of instances) {
      instance.calls.length = 0;
      instance.breakConnections = false;
      await instance.start();
    }
    client = createClient();
  });

  afterEach(async () => {
    client.onModuleDestroy();
    for (const instance of instances) await instance.stop();
  });

  it('spreads the calls over the instances, round robin', async () => {
    for (let order = 1; order <= 4; order++) {
      expect(await client.requestPayment(payment(`order-${order}`))).toEqual({ kind: 'approved', paymentId: `payment-of-order-${order}` });
    }
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(2);
  });

  it('retries a call refused by a stopped instance on the other one, then skips the stopped one', async () => {
    await a.stop();
    for (let order = 1; order <= 4; order++) {
      expect(await client.requestPayment(payment(`order-${order}`))).toMatchObject({ kind: 'approved' });
    }
    expect(b.calls).toEqual(Array.from({ length: 4 }, () => 'POST /payments'));
    expect(client.describe()).toMatchObject({ state: 'closed', instances: { ready: 1, unready: 1 } });
    expect(client.describe().window).toMatchObject({ failures: 0 }); // the retry is inside one breaker call
  });

  it('retries a call whose connection broke before any answer on the other instance (pay is idempotent by orderId)', async () => {
    a.breakConnections = true;
    expect(await client.requestPayment(payment('order-1'))).toEqual({ kind: 'approved', paymentId: 'payment-of-order-1' });
    expect(await client.requestPayment(payment('order-2'))).toEqual({ kind: 'approved', paymentId: 'payment-of-order-2' });
    // each call reached a, got no answer, and went to b as well; a broken connection alone does not take a out
    // (its readiness check does, when it is really down)
    expect(a.calls).toEqual(['POST /payments', 'POST /payments']);
    expect(b.calls).toEqual(['POST /payments', 'POST /payments']);
    expect(client.describe()).toMatchObject({ instances: { ready: 2, unready: 0 } });
  });

  it('settles an unplaced order on the other instance when one is stopped', async () => {
    await a.stop();
    expect(await client.settleUnplacedOrder('order-9', 'not placed')).toEqual({ kind: 'settled', paymentStatus: 'CANCELLED' });
    expect(await client.settleUnplacedOrder('order-9', 'not placed')).toEqual({ kind: 'settled', paymentStatus: 'CANCELLED' });
    expect(b.calls).toEqual(['POST /payments/order-9/cancel', 'POST /payments/order-9/cancel']);
  });

  it('fails as before when every instance is down: certain when all refused, uncertain when one may have got it', async () => {
    await a.stop();
    await b.stop();
    expect(await client.requestPayment(payment('order-1'))).toMatchObject({ kind: 'unavailable', uncertain: false });

    await b.start();
    b.breakConnections = true;
    const fresh = createClient(); // a round robin that starts on a again
    try {
      // a refuses, b breaks the connection after receiving the call: pay may have charged
      expect(await fresh.requestPayment(payment('order-2'))).toMatchObject({ kind: 'unavailable', uncertain: true });
      // b breaks it first, then a refuses: still uncertain
      expect(await fresh.requestPayment(payment('order-3'))).toMatchObject({ kind: 'unavailable', uncertain: true });
    } finally {
      fresh.onModuleDestroy();
    }
  });

  it('takes a restarted instance back once its readiness answers 200', async () => {
    const checked = createClient(100);
    checked.onModuleInit();
    try {
      await a.stop();
      await checked.requestPayment(payment('order-1'));
      await checked.requestPayment(payment('order-2'));
      await sleep(300);
      expect(checked.describe()).toMatchObject({ instances: { ready: 1, unready: 1 } });
      b.calls.length = 0;
      await a.start();
      await sleep(300);
      expect(checked.describe()).toMatchObject({ instances: { ready: 2, unready: 0 } });
      for (let order = 3; order <= 6; order++) await checked.requestPayment(payment(`order-${order}`));
      expect(a.calls.filter((call) => call === 'POST /payments')).toHaveLength(2);
      expect(b.calls.filter((call) => call === 'POST /payments')).toHaveLength(2);
    } finally {
      checked.onModuleDestroy();
    }
  });
});
