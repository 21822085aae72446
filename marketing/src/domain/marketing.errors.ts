/**
 * Business errors of marketing. Each has a stable `code`; the HTTP adapter maps codes to statuses in
 * one place (marketing.module.ts), the Kafka adapter lets the consumer retry or dead-letter.
 */
export abstract class MarketingError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    readonly orderId?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input or settings that break an invariant (a negative discount, an empty customer id). */
export class InvalidMarketingInput extends MarketingError {
  readonly code = 'MARKETING.INVALID';
}

/** A caller asked for another customer's coupons or recommendations. */
export class MarketingAccessDenied extends MarketingError {
  readonly code = 'MARKETING.FORBIDDEN';
}
