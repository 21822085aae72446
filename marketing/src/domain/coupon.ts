import type { CouponKind } from './coupon-policy';

export type CouponStatus = 'ACTIVE' | 'EXPIRED';

/** A coupon as marketing keeps it: issued once, to one customer, earned by one delivered order. */
export interface CouponState {
  couponId: string;
  /** What the customer types at checkout, derived from the couponId ("WELCOME-3F9A0C21B4"). */
  code: string;
  customerId: string;
  /** The delivered order that earned it. */
  orderId: string;
  kind: CouponKind;
  /** Won off the next order. */
  discount: number;
  reason: string;
  /** Which of the customer's delivered orders (in marketing's count) earned it. */
  sequence: number;
  issuedAt: Date;
  expiresAt: Date;
}

const DAY_MS = 86_400_000;
const PREFIX: Record<CouponKind, string> = { WELCOME: 'WELCOME', LOYALTY: 'LOYAL' };

export function couponCode(kind: CouponKind, couponId: string): string {
  return `${PREFIX[kind]}-${couponId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 10)
    .toUpperCase()}`;
}

export function expiryOf(issuedAt: Date, validDays: number): Date {
  return new Date(issuedAt.getTime() + validDays * DAY_MS);
}

/** ACTIVE until it expires (redemption belongs to checkout, which does not use coupons yet). */
export function couponStatus(coupon: Pick<CouponState, 'expiresAt'>, now: Date): CouponStatus {
  return now.getTime() < coupon.expiresAt.getTime() ? 'ACTIVE' : 'EXPIRED';
}
