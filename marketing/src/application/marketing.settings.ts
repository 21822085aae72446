import type { CouponTerms } from '../domain/coupon-policy';
import type { RecommendationSettings } from '../domain/recommendation';

export const MARKETING_SETTINGS = Symbol('MARKETING_SETTINGS');

/** The configured terms of marketing (from marketing.config.ts). */
export interface MarketingSettings {
  coupons: CouponTerms;
  recommendations: RecommendationSettings & {
    /** Other customers read for co-occurrence, at most. */
    neighbourLimit: number;
    /** Recent order lines read for popularity, at most. */
    recentLimit: number;
  };
}
