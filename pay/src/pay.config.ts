import { z } from 'zod';
import { Variables, authVariables, serviceVariables } from '@fooddelivery/platform';
import { messagingVariables } from '@fooddelivery/messaging';
import { relationalVariables } from '@fooddelivery/persistence';
import { LATENCY_RANGE_RULE, parseLatencyRange } from './adapters/pg/latency-range';

const rate = () => z.coerce.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').default(0);

/** Payment service configuration, read from the environment once at start (see README). */
export const PayConfig = z.object({
  ...serviceVariables(8082),
  ...messagingVariables(),
  ...relationalVariables('pay'),
  // app's calls (role `service`) are signed with app's own key, read from its JWKS
  ...authVariables({ trustedServices: 'app=http://127.0.0.1:8081/.well-known/jwks.json' }),
  /** Amounts above this (won) are declined without asking the payment provider. */
  PAY_APPROVAL_LIMIT: Variables.nonNegativeInt(1_000_000),
  /** A PENDING payment older than this is taken as abandoned (a crash) and may be charged again. */
  PAY_PENDING_STALE_MS: Variables.positiveInt(60_000),
  /** How long a repeat request waits for a concurrent one on the same order before answering 409. */
  PAY_IN_PROGRESS_WAIT_MS: Variables.nonNegativeInt(5000),
  /** Simulated payment gateway: initial latency ("0", "250" or "400-620" ms), failure and decline rates. */
  PAY_GATEWAY_LATENCY_MS: z
    .string()
    .default('0')
    .refine((value) => parseLatencyRange(value) !== undefined, { message: LATENCY_RANGE_RULE }),
  PAY_GATEWAY_FAILURE_RATE: rate(),
  PAY_GATEWAY_DECLINE_RATE: rate(),
});
export type PayConfig = z.infer<typeof PayConfig>;
