import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChargeOutcome, ChargeRequest, PaymentGatewayPort } from '../../application/ports/payment-gateway.port';
import { LATENCY_RANGE_RULE, LatencyRange, drawLatency, formatLatencyRange, parseLatencyRange } from './latency-range';

/** The knobs of the simulated provider (GET/PUT /admin/pay/gateway). */
export interface GatewaySettings {
  /** "0", "250" or a range "400-620" in milliseconds, drawn per call. */
  latencyMs: string;
  /** 0..1: share of calls (charges and refunds) that fail as if the provider were down. */
  failureRate: number;
  /** 0..1: share of charges the provider declines. */
  declineRate: number;
}

/** The simulated provider is "down" for this call (what a timeout or a 5xx of a real one would be). */
export class PaymentGatewayUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentGatewayUnavailableError';
  }
}

/** A setting the simulated provider cannot take; the HTTP adapter answers 400. */
export class InvalidGatewaySettingsError extends Error {
  readonly code = 'GATEWAY.INVALID_SETTINGS';
}

interface Charge {
  transactionId: string;
  orderId: string;
  refunded: boolean;
}

/** How many charges the simulated provider remembers (for idempotency and refunds). */
const REMEMBERED_CHARGES = 100_000;

/**
 * The built-in payment gateway: an in-process stand-in for a third-party PG, with runtime knobs
 * (latency, failure rate, decline rate) to demonstrate timeouts, circuit breaking and declines.
 * Like real providers it is idempotent per orderId: charging an order again while its charge stands
 * returns that charge (the idempotency key), so a retry after a crash never charges twice.
 */
export class SimulatedPaymentGateway extends PaymentGatewayPort {
  private latency: LatencyRange;
  private failureRate: number;
  private declineRate: number;
  private readonly chargesByOrder = new Map<string, Charge>();
  private readonly chargesByTransaction = new Map<string, Charge>();

  constructor(
    initial: GatewaySettings,
    private readonly random: () => number = Math.random,
  ) {
    super();
    const settings = validate(initial);
    this.latency = settings.latency;
    this.failureRate = settings.failureRate;
    this.declineRate = settings.declineRate;
  }

  settings(): GatewaySettings {
    return { latencyMs: formatLatencyRange(this.latency), failureRate: this.failureRate, declineRate: this.declineRate };
  }

  /** Applies any subset of the settings at once (all or nothing) and returns the new settings. */
  configure(changes: Partial<GatewaySettings>): GatewaySettings {
    const next = validate({ ...this.settings(), ...definedOnly(changes) });
    this.latency = next.latency;
    this.failureRate = next.failureRate;
    this.declineRate = next.declineRate;
    return this.settings();
  }

  async charge({ orderId }: ChargeRequest): Promise<ChargeOutcome> {
    await this.respond('charge');
    const standing = this.chargesByOrder.get(orderId);
    if (standing && !standing.refunded) return { outcome: 'approved', transactionId: standing.transactionId };
    if (this.random() < this.declineRate) return { outcome: 'declined', reason: 'the card issuer declined the charge (simulated)' };
    const charge: Charge = { transactionId: `sim_${randomUUID()}`, orderId, refunded: false };
    this.remember(charge);
    return { outcome: 'approved', transactionId: charge.transactionId };
  }

  async refund(transactionId: string): Promise<void> {
    await this.respond('refund');
    // a charge this process does not remember (made before a restart) is refunded all the same
    const charge = this.chargesByTransaction.get(transactionId);
    if (charge) charge.refunded = true;
  }

  /** The simulated network: latency, then maybe an outage. */
  private async respond(operation: string): Promise<void> {
    const latency = drawLatency(this.latency, this.random);
    if (latency > 0) await sleep(latency);
    if (this.random() < this.failureRate) {
      throw new PaymentGatewayUnavailableError(`simulated provider outage during ${operation} (failureRate ${this.failureRate})`);
    }
  }

  private remember(charge: Charge): void {
    if (this.chargesByTransaction.size >= REMEMBERED_CHARGES) {
      const oldest = this.chargesByTransaction.values().next().value as Charge;
      this.chargesByTransaction.delete(oldest.transactionId);
      if (this.chargesByOrder.get(oldest.orderId) === oldest) this.chargesByOrder.delete(oldest.orderId);
    }
    this.chargesByOrder.set(charge.orderId, charge);
    this.chargesByTransaction.set(charge.transactionId, charge);
  }
}

function definedOnly(changes: Partial<GatewaySettings>): Partial<GatewaySettings> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}

function validate(settings: GatewaySettings): { latency: LatencyRange; failureRate: number; declineRate: number } {
  const latency = parseLatencyRange(settings.latencyMs);
  if (!latency) throw new InvalidGatewaySettingsError(`latencyMs ${LATENCY_RANGE_RULE} (got "${settings.latencyMs}")`);
  for (const name of ['failureRate', 'declineRate'] as const) {
    const rate = settings[name];
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new InvalidGatewaySettingsError(`${name} must be a number from 0 to 1 (got ${String(rate)})`);
    }
  }
  return { latency, failureRate: settings.failureRate, declineRate: settings.declineRate };
}
