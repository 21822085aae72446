import { z } from 'zod';
import { Variables, authVariables, serviceVariables } from '@fooddelivery/platform';
import { messagingVariables } from '@fooddelivery/messaging';
import { documentVariables } from '@fooddelivery/persistence';

/** Ordering service configuration, read from the environment once at start (see README). */
export const AppConfig = z.object({
  ...serviceVariables(8081),
  ...messagingVariables(),
  ...documentVariables('app'),
  ...authVariables(),
  /** pay's base URL, or a comma-separated list of its instances' base URLs (balanced, see PayHttpClient). */
  PAY_URL: Variables.httpUrlList('http://127.0.0.1:8082'),
  /** With several pay instances: how often each one's GET /health/ready is asked. */
  UPSTREAM_CHECK_INTERVAL_MS: Variables.positiveInt(1000),
  /** The circuit breaker around pay (opossum): a call slower than this fails. */
  PAY_TIMEOUT_MS: Variables.positiveInt(1000),
  PAY_BREAKER_ERROR_THRESHOLD_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  PAY_BREAKER_VOLUME_THRESHOLD: Variables.positiveInt(5),
  PAY_BREAKER_ROLLING_WINDOW_MS: Variables.positiveInt(10_000),
  PAY_BREAKER_RESET_TIMEOUT_MS: Variables.positiveInt(5000),
  PAY_BREAKER_CAPACITY: Variables.positiveInt(50),
  /** Orders placed at once; more wait in line (admission control, see OrderAdmission). */
  ORDER_PLACEMENT_CONCURRENCY: Variables.positiveInt(16),
  /** Orders allowed to wait for their turn; beyond that → 503 with Retry-After at once. */
  ORDER_PLACEMENT_QUEUE: Variables.positiveInt(2000),
  /** How often uncertain payments are settled with pay. */
  RECONCILE_INTERVAL_MS: Variables.positiveInt(5000),
  /** A PAYMENT_PENDING order older than this lost its request (crash): it is failed and reconciled. */
  RECONCILE_STALE_AFTER_MS: Variables.positiveInt(60_000),
  /** Load the demo stores and menus at start. Default: on, except with NODE_ENV=production. */
  DEMO_CATALOG: Variables.flag(true).optional(),
});
export type AppConfig = z.infer<typeof AppConfig>;

export function demoCatalogEnabled(config: AppConfig): boolean {
  return config.DEMO_CATALOG ?? config.NODE_ENV !== 'production';
}
