import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { Counter, Gauge } from 'prom-client';
import type { Logger } from 'pino';
import { LOGGER, ProbeRegistry, ServiceMetrics, ServiceTokenIssuer, UpstreamInstances } from '@fooddelivery/platform';
import type {
  PaymentAvailability,
  PaymentOutcome,
  PaymentRequest,
  PaymentsPort,
  SettlementOutcome,
} from '../../application/ports/payments.port';
import { PAY_BREAKER_SETTINGS, PayBreakerSettings } from './pay-breaker.settings';

/** pay answered, but with a client error: not pay's health problem, so it does not trip the breaker. */
class PayRejectedRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const STATE_VALUE = { closed: 0, halfOpen: 1, open: 2 } as const;

/** Connection errors after which a call never reached pay: nobody took the connection. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);
/** The connection broke before any answer (typically a kept-alive socket the instance closed, or an instance that died). */
const BROKEN_BEFORE_ANSWER = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** How a fetch failed before any answer came: refused (certainly not delivered), broken (perhaps delivered), or not at all. */
function connectionFailure(error: unknown): 'refused' | 'broken' | undefined {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof code !== 'string') return undefined;
  if (NOT_CONNECTED.has(code)) return 'refused';
  return BROKEN_BEFORE_ANSWER.has(code) ? 'broken' : undefined;
}

/** The breaker guarding app's calls to pay, as readiness details and the admin view show it (a type, not an interface: it is also a probe's details record). */
export type PayBreakerStatus = {
  state: 'closed' | 'half-open' | 'open';
  timeoutMs: number;
  resetTimeoutMs: number;
  capacity: number;
  /** Counts over the breaker's rolling window. */
  window: { fires: number; failures: number; timeouts: number; rejects: number };
  /** pay's instances, and how many of them are ready. */
  instances: { ready: number; unready: number };
};

/**
 * pay over HTTP behind one opossum circuit breaker: a timeout per call, a bulkhead (capacity), and
 * an open circuit once failures pass the threshold, so an overloaded pay makes orders fail fast
 * instead of piling up. Declines are answers, not failures.
 *
 * PAY_URL may list several pay instances: each call goes to the next ready one (round robin,
 * UpstreamInstances; readiness checked every UPSTREAM_CHECK_INTERVAL_MS), and a call whose connection
 * failed before any answer is made once more on another instance, inside the same breaker call.
 */
@Injectable()
export class PayHttpClient implements PaymentsPort, OnModuleInit, OnModuleDestroy {
  private readonly breaker: CircuitBreaker<[PaymentRequest], PaymentOutcome>;
  private readonly calls: Counter<'outcome'>;
  private readonly pay: UpstreamInstances;

  constructor(
    @Inject(PAY_BREAKER_SETTINGS) private readonly settings: PayBreakerSettings,
    private readonly tokens: ServiceTokenIssuer,
    private readonly probes: ProbeRegistry,
    metrics: ServiceMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.pay = new UpstreamInstances({ name: 'pay', urls: settings.urls, checkIntervalMs: settings.checkIntervalMs, logger });
    this.breaker = new CircuitBreaker((request: PaymentRequest) => this.callPay(request), {
      name: 'pay',
      timeout: settings.timeoutMs,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: settings.rollingCountTimeoutMs,
      resetTimeout: settings.resetTimeoutMs,
      capacity: settings.capacity,
      errorFilter: (error: unknown) => error instanceof PayRejectedRequest,
    });
    const breaker = this.breaker;
    new Gauge({
      name: 'circuit_breaker_state',
      help: 'State of the circuit breaker guarding a dependency: 0 closed, 1 half-open, 2 open',
      labelNames: ['breaker'],
      registers: [metrics.registry],
      collect() {
        this.set({ breaker: 'pay' }, breaker.opened ? STATE_VALUE.open : breaker.halfOpen ? STATE_VALUE.halfOpen : STATE_VALUE.closed);
      },
    });
    this.calls = new Counter({
      name: 'pay_calls_total',
      help: 'Calls to pay through the circuit breaker, by outcome',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    const count = (outcome: string) => () => this.calls.inc({ outcome });
    this.breaker.on('success', count('success'));
    this.breaker.on('failure', count('failure'));
    this.breaker.on('timeout', count('timeout'));
    this.breaker.on('reject', count('rejected_open'));
    this.breaker.on('semaphoreLocked', count('rejected_capacity'));
    this.breaker.on('open', () => this.logger.warn({ breaker: 'pay' }, 'circuit breaker OPEN: orders fail fast until pay recovers'));
    this.breaker.on('halfOpen', () => this.logger.info({ breaker: 'pay' }, 'circuit breaker HALF-OPEN: trying pay again'));
    this.breaker.on('close', () => this.logger.info({ breaker: 'pay' }, 'circuit breaker CLOSED: pay is healthy'));
  }

  onModuleInit(): void {
    // readiness reports the breaker but never fails on it: reads and cancellations still work
    this.probes.addReadiness({ name: 'payBreaker', check: () => Promise.resolve(this.describe()) });
    this.pay.start();
  }

  onModuleDestroy(): void {
    this.pay.stop();
    this.breaker.shutdown();
  }

  describe(): PayBreakerStatus {
    const stats = this.breaker.stats;
    return {
      state: this.breaker.opened ? 'open' : this.breaker.halfOpen ? 'half-open' : 'closed',
      timeoutMs: this.settings.timeoutMs,
      resetTimeoutMs: this.settings.resetTimeoutMs,
      capacity: this.settings.capacity,
      window: { fires: stats.fires, failures: stats.failures, timeouts: stats.timeouts, rejects: stats.rejects },
      instances: this.pay.counts(),
    };
  }

  availability(): PaymentAvailability {
    if (!this.breaker.opened) return { available: true };
    this.calls.inc({ outcome: 'rejected_open' });
    return { available: false, reason: 'circuit breaker open', retryAfterSeconds: this.retryAfterSeconds() };
  }

  async requestPayment(request: PaymentRequest): Promise<PaymentOutcome> {
    try {
      return await this.breaker.fire(request);
    } catch (error) {
      return this.unavailable(error);
    }
  }

  async settleUnplacedOrder(orderId: string, reason: string): Promise<SettlementOutcome> {
    try {
      const response = await this.onSomeInstance((url) =>
        fetch(`${url}/payments/${encodeURIComponent(orderId)}/cancel`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: this.tokens.authorization() },
          body: JSON.stringify({ reason }),
          signal: AbortSignal.timeout(Math.max(this.settings.timeoutMs * 4, 2000)),
        }),
      );
      const body = (await response.json().catch(() => ({}))) as { status?: string; message?: string };
      if (response.ok) return { kind: 'settled', paymentStatus: body.status ?? 'UNKNOWN' };
      return { kind: 'unavailable', reason: `pay answered ${response.status}: ${body.message ?? ''}` };
    } catch (error) {
      return { kind: 'unavailable', reason: (error as Error).message };
    }
  }

  private async callPay(request: PaymentRequest): Promise<PaymentOutcome> {
    const { requestId, ...body } = request;
    const response = await this.onSomeInstance((url) =>
      fetch(`${url}/payments`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: this.tokens.authorization(),
          ...(requestId ? { 'x-request-id': requestId } : {}),
        },
        body: JSON.stringify(body),
        // frees our socket a little after opossum's timeout has already answered the customer
        signal: AbortSignal.timeout(this.settings.timeoutMs + 1000),
      }),
    );
    const payload = (await response.json().catch(() => ({}))) as { paymentId?: string; message?: string; status?: string };
    if ((response.status === 200 || response.status === 201) && payload.status === 'APPROVED' && payload.paymentId) {
      return { kind: 'approved', paymentId: payload.paymentId };
    }
    if (response.status === 402) return { kind: 'declined', reason: payload.message ?? 'declined by the payment provider' };
    if (response.status >= 400 && response.status < 500) {
      throw new PayRejectedRequest(response.status, `pay refused the payment request (${response.status}): ${payload.message ?? ''}`);
    }
    throw new Error(`pay answered ${response.status}: ${payload.message ?? 'no message'}`);
  }

  /**
   * Makes the call on the next ready pay instance; when its connection failed before any answer
   * (refused; or reset, e.g. a kept-alive socket the instance had closed, or an instance that died),
   * makes it once more on another instance. A refused instance is skipped until its readiness
   * answers 200 again.
   *
   * Repeating a call is safe because both calls are idempotent by orderId at pay, across its
   * replicas (they share one database): POST /payments claims the order's payment with a unique
   * orderId (pay/src/adapters/persistence/payment.orm-entity.ts) and a repeat answers the stored
   * outcome without charging again, or waits for / answers 409 to an attempt still in progress
   * (ApprovePaymentHandler); POST /payments/:orderId/cancel converges to "no charge kept" whatever
   * it finds (CancelPaymentHandler).
   */
  private async onSomeInstance(call: (baseUrl: string) => Promise<Response>): Promise<Response> {
    const first = this.pay.pick();
    try {
      return await call(first);
    } catch (error) {
      const failure = connectionFailure(error);
      if (!failure) throw error;
      if (failure === 'refused') this.pay.markUnready(first);
      const other = this.pay.pickOther(first);
      if (!other) throw error;
      this.logger.info({ instance: first, failure, retryOn: other }, 'pay instance did not take the call; retrying on another');
      try {
        return await call(other);
      } catch (second) {
        // a broken first attempt may have reached pay: a refused retry must not make the outcome look certain
        throw failure === 'broken' && connectionFailure(second) === 'refused' ? error : second;
      }
    }
  }

  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.settings.resetTimeoutMs / 1000));
  }

  /** Maps why the call failed to what the customer is told and whether pay may have charged. */
  private unavailable(error: unknown): PaymentOutcome {
    const code = (error as { code?: string }).code;
    const retryAfterSeconds = this.retryAfterSeconds();
    if (code === 'EOPENBREAKER') return { kind: 'unavailable', reason: 'circuit breaker open', uncertain: false, retryAfterSeconds };
    if (code === 'ESEMLOCKED') return { kind: 'unavailable', reason: 'too many payments in flight', uncertain: false, retryAfterSeconds: 1 };
    if (error instanceof PayRejectedRequest) {
      return { kind: 'unavailable', reason: error.message, uncertain: error.status === 409, retryAfterSeconds: 1 };
    }
    // the request left: refused connections are certain, anything else (timeout, reset, 5xx) may have charged
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const uncertain = cause !== 'ECONNREFUSED';
    const reason = code === 'ETIMEDOUT' ? `pay did not answer within ${this.settings.timeoutMs} ms` : (error as Error).message;
    return { kind: 'unavailable', reason, uncertain, retryAfterSeconds };
  }
}
