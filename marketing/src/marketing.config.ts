import { z } from 'zod';
import { Variables, authVariables, serviceVariables } from '@fooddelivery/platform';
import { messagingVariables } from '@fooddelivery/messaging';
import { relationalVariables } from '@fooddelivery/persistence';

/** Marketing service configuration, read from the environment once at start (see README). */
export const MarketingConfig = z.object({
  ...serviceVariables(8085),
  ...messagingVariables(),
  ...relationalVariables('marketing'),
  ...authVariables(),
  /** Won off, for the coupon a customer's first delivered order earns. */
  COUPON_WELCOME_DISCOUNT: Variables.positiveInt(3000),
  /** Won off, for the coupon every COUPON_LOYALTY_EVERY-th delivered order earns. */
  COUPON_LOYALTY_DISCOUNT: Variables.positiveInt(5000),
  COUPON_LOYALTY_EVERY: Variables.positiveInt(3),
  /** Days a coupon stays ACTIVE after it was issued. */
  COUPON_VALID_DAYS: Variables.positiveInt(30),
  /** Menus (and stores) a recommendation answers by default (?limit= up to 50). */
  RECOMMENDATION_LIMIT: z.coerce.number().int().min(1).max(50).default(10),
  /** "Popular now" counts the orders placed in this many days. */
  RECOMMENDATION_WINDOW_DAYS: Variables.positiveInt(30),
  /** An order's weight in "popular now" halves every this many days. */
  RECOMMENDATION_HALF_LIFE_DAYS: Variables.positiveInt(7),
  /** Other customers read for co-occurrence, at most (those who ordered the customer's menus most recently). */
  RECOMMENDATION_NEIGHBOURS: Variables.positiveInt(500),
  /** Recent order lines read for "popular now", at most (the newest). */
  RECOMMENDATION_RECENT_LINES: Variables.positiveInt(5000),
});
export type MarketingConfig = z.infer<typeof MarketingConfig>;
