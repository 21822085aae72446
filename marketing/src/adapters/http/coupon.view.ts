import { CouponState, CouponStatus, couponStatus } from '../../domain/coupon';
import type { CouponKind } from '../../domain/coupon-policy';

/** A coupon as the API shows it (times are ISO 8601). */
export interface CouponView {
  couponId: string;
  code: string;
  customerId: string;
  kind: CouponKind;
  discount: number;
  reason: string;
  /** The delivered order that earned it. */
  orderId: string;
  issuedAt: string;
  expiresAt: string;
  status: CouponStatus;
}

export function toView(coupon: CouponState, now: Date): CouponView {
  return {
    couponId: coupon.couponId,
    code: coupon.code,
    customerId: coupon.customerId,
    kind: coupon.kind,
    discount: coupon.discount,
    reason: coupon.reason,
    orderId: coupon.orderId,
    issuedAt: coupon.issuedAt.toISOString(),
    expiresAt: coupon.expiresAt.toISOString(),
    status: couponStatus(coupon, now),
  };
}
