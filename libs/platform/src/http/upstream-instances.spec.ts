import { ReadinessFetch, UpstreamInstances, splitUrlList } from './upstream-instances';

const A = 'http://127.0.0.1:9001';
const B = 'http://127.0.0.1:9002';
const C = 'http://127.0.0.1:9003';

/** A fake fetch: each instance answers its readiness with the status set here, hangs (`'hang'`) or refuses (`'refuse'`). */
function fakeFetch(answers: Record<string, number | 'hang' | 'refuse'>) {
  const asked: string[] = [];
  const fetch: ReadinessFetch = (url, { signal }) => {
    asked.push(url);
    const answer = answers[new URL(url).origin];
    if (answer === 'refuse') return Promise.reject(new TypeError('fetch failed'));
    if (answer === 'hang') {
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    return Promise.resolve({ status: answer ?? 200, body: null });
  };
  return { fetch, asked };
}

function picks(pool: UpstreamInstances, count: number): string[] {
  return Array.from({ length: count }, () => pool.pick());
}

describe('UpstreamInstances', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('goes round robin over the instances, all assumed ready at first', () => {
    const pool = new UpstreamInstances({ name: 'app', urls: [A, `${B}/`, C] });
    expect(pool.urls).toEqual([A, B, C]);
    expect(picks(pool, 6)).toEqual([A, B, C, A, B, C]);
    expect(pool.counts()).toEqual({ ready: 3, unready: 0 });
  });

  it('skips an instance that refused a connection, and falls back to all of them when none is ready', () => {
    const pool = new UpstreamInstances({ name: 'app', urls: [A, B] });
    pool.markUnready(A);
    expect(picks(pool, 3)).toEqual([B, B, B]);
    expect(pool.counts()).toEqual({ ready: 1, unready: 1 });
    pool.markUnready(B);
    expect(new Set(picks(pool, 4))).toEqual(new Set([A, B]));
    expect(pool.counts()).toEqual({ ready: 0, unready: 2 });
  });

  it('offers another instance for a retry: a ready one first, any other when none is ready, none when alone', () => {
    const pool = new UpstreamInstances({ name: 'app', urls: [A, B, C] });
    pool.markUnready(A);
    pool.markUnready(B);
    expect(pool.pickOther(A)).toBe(C);
    pool.markUnready(C);
    expect([A, B]).toContain(pool.pickOther(C));
    expect(new UpstreamInstances({ name: 'pay', urls: [A] }).pickOther(A)).toBeUndefined();
  });

  it('asks every instance for its readiness each interval: non-200, no answer in time or no connection take it out, a 200 brings it back', async () => {
    const answers: Record<string, number | 'hang' | 'refuse'> = { [A]: 200, [B]: 503, [C]: 200 };
    const { fetch, asked } = fakeFetch(answers);
    const pool = new UpstreamInstances({ name: 'app', urls: [A, B, C], checkIntervalMs: 1000, checkTimeoutMs: 500, fetch });
    pool.start();
    await jest.advanceTimersByTimeAsync(999);
    expect(asked).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(asked).toEqual([`${A}/health/ready`, `${B}/health/ready`, `${C}/health/ready`]);
    expect(picks(pool, 4)).toEqual([A, C, A, C]);

    answers[A] = 'hang';
    answers[C] = 'refuse';
    await jest.advanceTimersByTimeAsync(1000); // C refused at once; A has not answered yet
    expect(pool.isReady(C)).toBe(false);
    expect(pool.isReady(A)).toBe(true);
    await jest.advanceTimersByTimeAsync(500); // A's check timed out
    expect(pool.counts()).toEqual({ ready: 0, unready: 3 });

    answers[A] = 200;
    answers[B] = 200;
    await jest.advanceTimersByTimeAsync(500);
    expect(pool.counts()).toEqual({ ready: 2, unready: 1 });
    expect(new Set(picks(pool, 4))).toEqual(new Set([A, B]));
    pool.stop();
  });

  it('brings a passively removed instance back once its readiness answers 200', async () => {
    const { fetch } = fakeFetch({ [A]: 200, [B]: 200 });
    const pool = new UpstreamInstances({ name: 'app', urls: [A, B], checkIntervalMs: 250, fetch });
    pool.start();
    pool.markUnready(A);
    expect(pool.pick()).toBe(B);
    await jest.advanceTimersByTimeAsync(250);
    expect(pool.isReady(A)).toBe(true);
    pool.stop();
  });

  it('never runs two checks of one instance at once', async () => {
    const { fetch, asked } = fakeFetch({ [A]: 'hang', [B]: 200 });
    const pool = new UpstreamInstances({ name: 'app', urls: [A, B], checkIntervalMs: 100, checkTimeoutMs: 1000, fetch });
    pool.start();
    await jest.advanceTimersByTimeAsync(500);
    expect(asked.filter((url) => url.startsWith(A))).toHaveLength(1);
    expect(asked.filter((url) => url.startsWith(B))).toHaveLength(5);
    pool.stop();
  });

  it('leaves a single instance alone: no checks, always picked, never marked unready', async () => {
    const { fetch, asked } = fakeFetch({ [A]: 503 });
    const pool = new UpstreamInstances({ name: 'pay', urls: [A], checkIntervalMs: 100, fetch });
    pool.start();
    pool.markUnready(A);
    await jest.advanceTimersByTimeAsync(1000);
    expect(asked).toEqual([]);
    expect(picks(pool, 2)).toEqual([A, A]);
    expect(pool.counts()).toEqual({ ready: 1, unready: 0 });
  });

  it('stops checking when stopped', async () => {
    const { fetch, asked } = fakeFetch({});
    const pool = new UpstreamInstances({ name: 'app', urls: [A, B], checkIntervalMs: 100, fetch });
    pool.start();
    await jest.advanceTimersByTimeAsync(100);
    pool.stop();
    await jest.advanceTimersByTimeAsync(1000);
    expect(asked).toHaveLength(2);
  });

  it('needs at least one instance, and reads the comma-separated form', () => {
    expect(() => new UpstreamInstances({ name: 'app', urls: [] })).toThrow('upstream app: at least one instance URL is needed');
    expect(splitUrlList(` ${A}, ${B} ,,`)).toEqual([A, B]);
  });
});
