import { z } from 'zod';
import { Amount, Id } from './common';

/** marketing: a coupon was issued to a customer (welcome or loyalty), earned by the order in the envelope. */
export const CouponIssuedV1 = z.object({
  couponId: Id,
  customerId: Id,
  discount: Amount,
  reason: z.string().min(1).max(500),
});
