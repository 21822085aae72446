import type { Logger } from 'pino';

/** The part of `fetch` the readiness check uses (injectable, so tests run without a network). */
export type ReadinessFetch = (url: string, init: { signal: AbortSignal }) => Promise<{ status: number; body?: { cancel(): Promise<void> } | null }>;

export interface UpstreamInstancesOptions {
  /** The upstream's name, in logs (`pay`). */
  name: string;
  /** Base URLs of its instances (`http://127.0.0.1:8082`); at least one. */
  urls: readonly string[];
  /** UPSTREAM_CHECK_INTERVAL_MS: how often each instance's readiness is asked (only with more than one instance). */
  checkIntervalMs?: number;
  /** How long one readiness answer may take; no answer in time counts as not ready. */
  checkTimeoutMs?: number;
  /** The readiness path of every service. */
  readinessPath?: string;
  fetch?: ReadinessFetch;
  logger?: Logger;
}

export const DEFAULT_UPSTREAM_CHECK_INTERVAL_MS = 1000;
const DEFAULT_CHECK_TIMEOUT_MS = 1000;

/** The instances of one upstream by state, for a gauge. */
export interface UpstreamInstanceCounts {
  ready: number;
  unready: number;
}

/**
 * The instances (base URLs) of one upstream service, and which of them can take a request now.
 *
 * `pick()` goes round robin over the instances known ready; when none is, over all of them (fail
 * open: the request then fails as it would have without this pool, and the caller answers as it
 * always did). An instance is taken out passively — `markUnready(url)` after a connection was
 * refused — or actively: with more than one instance, every instance's `GET /health/ready` is asked
 * every `checkIntervalMs` (a non-200 or no answer within `checkTimeoutMs` → not ready; a 200 → ready
 * again, so a restarted instance comes back). A draining instance (SHUTDOWN_DELAY_MS, readiness 503)
 * therefore gets no new requests after at most one interval.
 *
 * With a single instance nothing changes: no polling, it is always picked, and `markUnready` is a no-op.
 */
export class UpstreamInstances {
  readonly name: string;
  readonly urls: readonly string[];
  private readonly ready = new Map<string, boolean>();
  private readonly checking = new Set<string>();
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly readinessPath: string;
  private readonly fetch: ReadinessFetch;
  private readonly logger: Logger | undefined;
  private next = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: UpstreamInstancesOptions) {
    const urls = [...new Set(options.urls.map((url) => url.replace(/\/+$/, '')))];
    if (urls.length === 0) throw new Error(`upstream ${options.name}: at least one instance URL is needed`);
    this.name = options.name;
    this.urls = urls;
    this.intervalMs = options.checkIntervalMs ?? DEFAULT_UPSTREAM_CHECK_INTERVAL_MS;
    this.timeoutMs = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    this.readinessPath = options.readinessPath ?? '/health/ready';
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.logger = options.logger;
    // assumed ready until told otherwise: the first requests need not wait for a check
    for (const url of urls) this.ready.set(url, true);
  }

  /** True when there is something to choose between (and so something to check). */
  get balanced(): boolean {
    return this.urls.length > 1;
  }

  /** The instance for the next request: round robin over the ready ones, over all when none is ready. */
  pick(): string {
    const ready = this.urls.filter((url) => this.ready.get(url));
    return this.roundRobin(ready.length > 0 ? ready : this.urls);
  }

  /**
   * Another instance than `failed` to retry a request on: a ready one when there is one, else any
   * other (fail open); undefined with a single instance.
   */
  pickOther(failed: string): string | undefined {
    const others = this.urls.filter((url) => url !== failed);
    if (others.length === 0) return undefined;
    const ready = others.filter((url) => this.ready.get(url));
    return this.roundRobin(ready.length > 0 ? ready : others);
  }

  /** Passive check: the instance refused a connection. It stays out until its readiness answers 200. */
  markUnready(url: string): void {
    if (!this.balanced || !this.ready.get(url)) return;
    this.ready.set(url, false);
    this.logger?.warn({ upstream: this.name, instance: url }, 'upstream instance refused a connection: not used until its readiness answers 200');
  }

  isReady(url: string): boolean {
    return this.ready.get(url) ?? false;
  }

  counts(): UpstreamInstanceCounts {
    const ready = this.urls.filter((url) => this.ready.get(url)).length;
    return { ready, unready: this.urls.length - ready };
  }

  /** Starts the readiness checks (only with more than one instance); idempotent. */
  start(): void {
    if (!this.balanced || this.timer) return;
    this.timer = setInterval(() => this.checkAll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round of readiness checks; an instance whose previous check is still running is skipped. */
  checkAll(): void {
    for (const url of this.urls) {
      if (this.checking.has(url)) continue;
      this.checking.add(url);
      void this.check(url).finally(() => this.checking.delete(url));
    }
  }

  private async check(url: string): Promise<void> {
    const controller = new AbortController();
    // a timer of our own rather than AbortSignal.timeout(): it stops with the answer, and fake clocks drive it
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let ready: boolean;
    let why: string;
    try {
      const response = await this.fetch(`${url}${this.readinessPath}`, { signal: controller.signal });
      await response.body?.cancel().catch(() => undefined);
      ready = response.status === 200;
      why = `readiness answered ${response.status}`;
    } catch (error) {
      ready = false;
      why = controller.signal.aborted ? `readiness did not answer within ${this.timeoutMs} ms` : `readiness check failed: ${(error as Error).message}`;
    } finally {
      clearTimeout(timer);
    }
    this.record(url, ready, why);
  }

  private record(url: string, ready: boolean, why: string): void {
    if (this.ready.get(url) === ready) return;
    this.ready.set(url, ready);
    if (ready) this.logger?.info({ upstream: this.name, instance: url }, 'upstream instance is ready again');
    else this.logger?.warn({ upstream: this.name, instance: url, why }, 'upstream instance is not ready: not used until its readiness answers 200');
  }

  private roundRobin(candidates: readonly string[]): string {
    const url = candidates[this.next % candidates.length];
    this.next = (this.next + 1) % Number.MAX_SAFE_INTEGER;
    return url;
  }
}

/** `a,b , c` → `['a', 'b', 'c']`: the comma-separated form of a list of base URLs (APP_URL, PAY_URL, …). */
export function splitUrlList(value: string): string[] {
  return value
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
}
