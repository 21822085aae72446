import { InvalidMarketingInput } from './marketing.errors';

export type CouponKind = 'WELCOME' | 'LOYALTY';
export const COUPON_KINDS: readonly CouponKind[] = ['WELCOME', 'LOYALTY'];

/** The configurable terms of the coupon programme (amounts in won). */
export interface CouponTerms {
  /** The discount of the coupon earned by a customer's first delivered order. */
  welcomeDiscount: number;
  /** The discount of the coupon earned by every `loyaltyEvery`-th delivered order. */
  loyaltyDiscount: number;
  loyaltyEvery: number;
  /** How long a coupon can be used after it was issued. */
  validDays: number;
}

/** One coupon a delivered order earns: what kind, how much, and why (the text the customer reads). */
export interface CouponGrant {
  kind: CouponKind;
  discount: number;
  reason: string;
}

/**
 * Which coupons the n-th delivered order of a customer earns:
 * - n = 1: a welcome coupon;
 * - n a multiple of `loyaltyEvery`: a loyalty coupon.
 * The two rules are independent: with `loyaltyEvery` = 1 the first order earns both.
 */
export class CouponPolicy {
  readonly terms: Readonly<CouponTerms>;

  constructor(terms: CouponTerms) {
    for (const field of ['welcomeDiscount', 'loyaltyDiscount', 'loyaltyEvery', 'validDays'] as const) {
      const value = terms[field];
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new InvalidMarketingInput(`${field} must be a positive whole number (got ${value})`);
      }
    }
    this.terms = Object.freeze({ ...terms });
  }

  grantsFor(sequence: number): CouponGrant[] {
    if (!Number.isSafeInteger(sequence) || sequence < 1) {
      throw new InvalidMarketingInput(`a delivered order's sequence starts at 1 (got ${sequence})`);
    }
    const grants: CouponGrant[] = [];
    if (sequence === 1) {
      grants.push({
        kind: 'WELCOME',
        discount: this.terms.welcomeDiscount,
        reason: 'welcome: your first delivered order',
      });
    }
    if (sequence % this.terms.loyaltyEvery === 0) {
      grants.push({
        kind: 'LOYALTY',
        discount: this.terms.loyaltyDiscount,
        reason: `loyalty: your ${ordinal(sequence)} delivered order`,
      });
    }
    return grants;
  }
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd… */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}
