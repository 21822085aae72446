export interface ChargeRequest {
  /** Also the provider's idempotency key: asking twice for one order yields one charge. */
  orderId: string;
  /** In won. */
  amount: number;
}

export type ChargeOutcome = { outcome: 'approved'; transactionId: string } | { outcome: 'declined'; reason: string };

/**
 * The third-party payment gateway (PG). `charge` and `refund` throw when the provider cannot be
 * reached or does not answer (then nothing can be assumed about a charge: see the README).
 */
export abstract class PaymentGatewayPort {
  /** Charges an order; idempotent per orderId at the provider. A decline is an answer, not an error. */
  abstract charge(request: ChargeRequest): Promise<ChargeOutcome>;

  /** Gives a charge back; refunding the same charge twice is harmless. */
  abstract refund(transactionId: string): Promise<void>;
}

/** The provider could not be reached; the caller may retry the same request shortly. */
export class PaymentProviderUnavailableError extends Error {
  readonly code = 'PAYMENT.PROVIDER_UNAVAILABLE';
  /** Sent as Retry-After by the HTTP error filter. */
  readonly retryAfterSeconds = 1;

  constructor(
    readonly orderId: string,
    cause?: unknown,
  ) {
    super('The payment provider is unavailable; please retry shortly', { cause });
    this.name = 'PaymentProviderUnavailableError';
  }
}
