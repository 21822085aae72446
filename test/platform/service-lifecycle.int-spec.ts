import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { postgresTestUrl, testInfra } from '../support/infra';
import { eventually } from '../support/kafka';
import { REPO, RunningService, getJson, startService, waitUntilReady } from '../support/service-process';

const infra = testInfra();
const baseEnv: Record<string, string> = {
  KAFKA_BROKERS: infra.kafkaBrokers.join(','),
  MONGO_URL: infra.mongoUrl,
  MONGO_DATABASE: 'fooddelivery_lifecycle_test',
  ...(infra.postgresUrl ? { SERVICE_DATABASE_URL: postgresTestUrl(infra)! } : { SQLITE_PATH: join(REPO, 'data', 'lifecycle-test.sqlite') }),
};

/** Readiness status code; a refused or reset connection counts as 0 (not ready), not as a test failure. */
async function readiness(service: RunningService): Promise<number> {
  return (await getJson(service.url('/health/ready')).catch(() => ({ status: 0 }))).status;
}

/** Whether this run may stop and start the broker (the local one; never one the user brought). */
const kafkaIsOurs = process.env.FOODDELIVERY_KAFKA_IS_OURS !== 'false';

/** Drives the local infrastructure, which treats a component named in the environment as external. */
function infraCommand(...args: string[]): void {
  const { KAFKA_BROKERS: _k, MONGO_URL: _m, DATABASE_URL: _d, ...env } = process.env;
  execFileSync(process.execPath, [join(REPO, 'scripts', 'infra.mjs'), ...args], { stdio: 'ignore', timeout: 120_000, env });
}

describe('a service process', () => {
  const started: RunningService[] = [];
  afterAll(async () => {
    await Promise.all(started.map((service) => service.stop()));
  });

  it.each([
    ['pay', { KAFKA_BROKERS: 'not-a-broker' }, /^pay: invalid configuration: KAFKA_BROKERS: must be a comma-separated list of host:port \(got "not-a-broker"\)$/],
    ['app', { MONGO_URL: 'mongo:/broken' }, /^app: invalid configuration: MONGO_URL: must be a mongodb:\/\/ or mongodb\+srv:\/\/ URL \(got "mongo:\/broken"\)$/],
    ['store', { PORT: 'eighty' }, /^store: invalid configuration: PORT: /],
  ])('%s exits at once with one line naming a bad variable (%j)', (name, env, message) => {
    const started = Date.now();
    const result = spawnSync(process.execPath, [join(REPO, name, 'dist', 'main.js')], {
      env: { ...process.env, ...baseEnv, ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(result.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('serves liveness, readiness with every dependency, and Prometheus metrics', async () => {
    const pay = startService('pay', 18182, baseEnv);
    const app = startService('app', 18181, baseEnv);
    started.push(pay, app);
    await Promise.all([waitUntilReady(pay), waitUntilReady(app)]);

    const payReady = await getJson(pay.url('/health/ready'));
    expect(payReady.body.status).toBe('ok');
    expect(Object.keys(payReady.body.details).sort()).toEqual(['database', 'kafka', 'lifecycle']);
    const appReady = await getJson(app.url('/health/ready'));
    expect(Object.keys(appReady.body.details).sort()).toEqual(['kafka', 'lifecycle', 'mongo', 'payBreaker']);
    expect((await getJson(pay.url('/health/live'))).body.details.process.status).toBe('up');

    const notFound = await getJson(pay.url('/no-such-route'));
    expect(notFound).toEqual({ status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Cannot GET /no-such-route' } });

    const metrics = (await getJson(pay.url('/metrics'))).body as string;
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/health\/ready",status="200",service="pay"\} \d+/);
    expect(metrics).toMatch(/http_response_milliseconds_bucket\{/);
    expect(metrics).toMatch(/process_resident_memory_bytes\{service="pay"\}/);
  });

  (kafkaIsOurs ? it : it.skip)('stays ready while Kafka is down (shown unreachable in the details), keeps liveness 200, and sees it again without a restart', async () => {
    const pay = startService('pay', 18183, baseEnv);
    started.push(pay);
    await waitUntilReady(pay);
    const pid = pay.process.pid;
    const kafkaDetail = async () => (await getJson(pay.url('/health/ready'))).body?.details?.kafka as { reachable?: boolean } | undefined;

    infraCommand('stop', 'kafka');
    try {
      await eventually(async () => (await kafkaDetail())?.reachable === false, 30_000, 'Kafka shown unreachable');
      const ready = await getJson(pay.url('/health/ready'));
      expect(ready.status).toBe(200);
      expect(ready.body.details.kafka).toMatchObject({ status: 'up', required: false, reachable: false, message: expect.any(String) });
      expect(ready.body.details.database.status).toBe('up');
      expect((await getJson(pay.url('/health/live'))).status).toBe(200);
    } finally {
      infraCommand('start', 'kafka');
    }
    await eventually(async () => (await kafkaDetail())?.reachable === true, 60_000, 'Kafka reachable again');
    expect(pay.process.pid).toBe(pid);
    expect(pay.process.exitCode).toBeNull();
  });

  it('answers 503 on readiness as soon as it is told to stop, then exits cleanly', async () => {
    const pay = startService('pay', 18184, { ...baseEnv, SHUTDOWN_DELAY_MS: '2000', LOG_LEVEL: 'info' });
    started.push(pay);
    await waitUntilReady(pay);
    pay.process.kill('SIGTERM');
    await eventually(async () => (await readiness(pay)) === 503, 1500, 'readiness 503 during drain');
    expect((await getJson(pay.url('/health/live'))).status).toBe(200);
    expect(await pay.stop()).toBe(0);
    expect(pay.output()).toContain('pay stopped');
  });
});
