// A small load generator for the benchmark, on undici's connection pool (keep-alive, no per-request
// overhead of fetch): closed loop (N workers, each sends its next request when the last one was
// answered) or open loop (a fixed request rate, capped in flight). Every answer is recorded with its
// status and latency, so each phase reports percentiles per status, not only overall.
import { Pool } from 'undici';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * @typedef {{ method: string, path: string, headers?: Record<string, string>, body?: string }} LoadRequest
 * @typedef {{ status: number, ms: number, at: number, body?: unknown }} Sample
 */

export class LoadTarget {
  /** @param {string} origin e.g. http://127.0.0.1:8080 @param {number} connections */
  constructor(origin, connections) {
    this.pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  /** One request; resolves to { status, ms, body } (body parsed as JSON when `keepBody`). */
  async send(request, keepBody = false) {
    const started = performance.now();
    try {
      const response = await this.pool.request({
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
      });
      const text = await response.body.text();
      const ms = performance.now() - started;
      let body;
      if (keepBody && text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return { status: response.statusCode, ms, at: Date.now(), body };
    } catch (error) {
      return { status: 0, ms: performance.now() - started, at: Date.now(), error: error.code ?? error.message };
    }
  }

  close() {
    return this.pool.close();
  }
}

/**
 * Closed loop: `concurrency` workers for `durationMs`. `next(worker, n)` builds each request;
 * `onAnswer(sample, request, worker)` sees every answer (e.g. to remember placed orders).
 */
export async function closedLoop(target, { concurrency, durationMs, next, onAnswer, keepBody = false }) {
  const samples = [];
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const request = next(worker, n);
        const sample = await target.send(request, keepBody);
        samples.push(sample);
        onAnswer?.(sample, request, worker);
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

/**
 * Open loop: `rate` requests per second for `durationMs`, whatever the answers take (at most
 * `maxInFlight` outstanding; a request that would exceed it is counted as `dropped`).
 */
export async function openLoop(target, { rate, durationMs, maxInFlight = 1000, next, onAnswer, keepBody = false }) {
  const samples = [];
  const pending = new Set();
  let dropped = 0;
  const started = performance.now();
  const interval = 1000 / rate;
  for (let n = 0; ; n++) {
    const due = started + n * interval;
    if (due - started >= durationMs) break;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (pending.size >= maxInFlight) {
      dropped += 1;
      continue;
    }
    const request = next(n % 1_000_000, n);
    const inFlight = target.send(request, keepBody).then((sample) => {
      samples.push(sample);
      onAnswer?.(sample, request, n);
      pending.delete(inFlight);
    });
    pending.add(inFlight);
  }
  await Promise.all(pending);
  return { samples, dropped, seconds: (performance.now() - started) / 1000 };
}

export function percentile(sortedValues, p) {
  if (sortedValues.length === 0) return undefined;
  const index = Math.min(sortedValues.length - 1, Math.max(0, Math.ceil((p / 100) * sortedValues.length) - 1));
  return sortedValues[index];
}

/** Count, rate, latency percentiles of the samples with `okStatuses`, and the others by status. */
export function summarize(run, okStatuses) {
  const ok = run.samples.filter((sample) => okStatuses.includes(sample.status));
  const ms = ok.map((sample) => sample.ms).sort((a, b) => a - b);
  const all = run.samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const others = {};
  for (const sample of run.samples) {
    if (okStatuses.includes(sample.status)) continue;
    const key = sample.status === 0 ? `error ${sample.error}` : String(sample.status);
    others[key] = (others[key] ?? 0) + 1;
  }
  const round = (value) => (value === undefined ? null : Math.round(value * 10) / 10);
  return {
    requests: run.samples.length,
    ok: ok.length,
    okPerSecond: round(ok.length / run.seconds),
    p50: round(percentile(ms, 50)),
    p95: round(percentile(ms, 95)),
    p99: round(percentile(ms, 99)),
    max: round(ms.at(-1)),
    maxAll: round(all.at(-1)),
    others,
    seconds: round(run.seconds),
    ...(run.dropped ? { dropped: run.dropped } : {}),
  };
}
