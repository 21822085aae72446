import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from '../support/kafka';
import { REPO } from '../support/service-process';
import { TestStack, call, login } from '../support/stack';

/**
 * Orders 24 hours a day, even while Kafka is down: app and pay write their events to their outbox,
 * so they stay ready and keep answering 201; once the broker is back the relays publish what the
 * outage held back and the store and the customer view receive every order, exactly once.
 * Runs only against the local broker (it stops and starts it); a broker the user brought is left alone.
 */
const kafkaIsOurs = process.env.FOODDELIVERY_KAFKA_IS_OURS !== 'false';
const ORDERS_DURING_OUTAGE = 6;

/** Drives the local infrastructure, which treats a component named in the environment as external. */
function infraCommand(...args: string[]): void {
  const { KAFKA_BROKERS: _k, MONGO_URL: _m, DATABASE_URL: _d, ...env } = process.env;
  execFileSync(process.execPath, [join(REPO, 'scripts', 'infra.mjs'), ...args], { stdio: 'ignore', timeout: 120_000, env });
}

let stack: TestStack;
let alice: string;
let owner1: string;

beforeAll(async () => {
  if (!kafkaIsOurs) return;
  stack = await TestStack.start({ services: ['gateway', 'app', 'pay', 'store', 'customer'], basePort: 19680 });
  [alice, owner1] = await Promise.all(['alice', 'owner1'].map((user) => login(stack, user)));
});

afterAll(async () => {
  if (kafkaIsOurs) infraCommand('start', 'kafka');
  await stack?.stop();
});

const ready = async (service: 'app' | 'pay' | 'store' | 'customer') => call(`http://127.0.0.1:${stack.port(service)}/health/ready`);

(kafkaIsOurs ? describe : describe.skip)('Kafka down', () => {
  it('app and pay stay ready and keep placing orders; nothing is lost once Kafka is back', async () => {
    infraCommand('stop', 'kafka');
    const placed: string[] = [];
    try {
      await eventually(async () => (await ready('app')).body?.details?.kafka?.reachable === false, 30_000, 'app to see Kafka unreachable');
      for (const service of ['app', 'pay', 'store', 'customer'] as const) {
        // each service checks Kafka in the background (every 3 s): wait until it has noticed
        await eventually(async () => (await ready(service)).body?.details?.kafka?.reachable === false, 30_000, `${service} to see Kafka unreachable`);
        const readiness = await ready(service);
        expect({ service, status: readiness.status }).toEqual({ service, status: 200 });
        expect(readiness.body.details.kafka).toMatchObject({ status: 'up', required: false, reachable: false });
      }
      for (let i = 0; i < ORDERS_DURING_OUTAGE; i++) {
        const answer = await call(stack.url('/orders'), { token: alice, body: { item: 'chicken', storeId: '1' } });
        expect({ status: answer.status, body: answer.body }).toMatchObject({ status: 201, body: { status: 'PLACED' } });
        expect(answer.ms).toBeLessThan(5000);
        placed.push(answer.body.orderId as string);
      }
    } finally {
      infraCommand('start', 'kafka');
    }

    await eventually(async () => (await ready('app')).body?.details?.kafka?.reachable === true, 60_000, 'app to see Kafka again');
    await eventually(
      async () => {
        const answers = await Promise.all(placed.map((orderId) => call(stack.url(`/store-orders/${orderId}`), { token: owner1 })));
        return answers.every((answer) => answer.status === 200 && answer.body.status === 'RECEIVED');
      },
      90_000,
      'every order of the outage in the store queue',
    );
    await eventually(
      async () => {
        const answers = await Promise.all(placed.map((orderId) => call(stack.url(`/order-status/${orderId}`), { token: alice })));
        return answers.every((answer) => answer.status === 200 && answer.body.status === 'PLACED');
      },
      60_000,
      'every order of the outage in the customer view',
    );
    const queue = await call(stack.url('/store-orders?status=RECEIVED'), { token: owner1 });
    const received = (queue.body as { orderId: string }[]).map((order) => order.orderId).filter((orderId) => placed.includes(orderId));
    expect(received.sort()).toEqual([...placed].sort());
    for (const [service, outbox] of [['app', 'orders'], ['pay', 'payments']] as const) {
      const drained = new RegExp(`outbox_backlog\\{outbox="${outbox}",service="${service}"\\} 0\\b`);
      await eventually(async () => drained.test((await call(`http://127.0.0.1:${stack.port(service)}/metrics`)).body as string), 30_000, `${service}'s outbox drained`);
    }
  });
});
