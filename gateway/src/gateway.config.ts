import { z } from 'zod';
import type { Logger } from 'pino';
import {
  SigningKey,
  SigningKeyProblem,
  Variables,
  authVariables,
  generateSigningKeySync,
  parseSigningKeys,
  serviceVariables,
  splitUrlList,
} from '@fooddelivery/platform';
import { relationalVariables } from '@fooddelivery/persistence';
import { RouteTable, isUpstreamTarget } from './domain/route-table';
import { defaultRoutes } from './routes/default-routes';

/** APP_URL, PAY_URL, …: the base URL of the service, or a comma-separated list of its instances' base URLs. */
const upstreamUrls = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform(splitUrlList)
    .refine((urls) => urls.length > 0 && urls.every(isUpstreamTarget), {
      message: 'must be an http:// or https:// URL without query or credentials, or a comma-separated list of them',
    });

/** DEMO_USERS: a flag whose default depends on NODE_ENV (see demoUsersEnabled). */
const optionalFlag = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((value) => (value === undefined ? undefined : ['true', '1', 'yes'].includes(value)));

/** GATEWAY_ROUTES: the whole routing table as JSON, `[{"prefix": "/orders", "target": "http://app:8081"}, …]`. */
const routesVariable = () =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        context.addIssue({ code: 'custom', message: 'must be a JSON array of {"prefix", "target"} objects (not valid JSON)' });
        return z.NEVER;
      }
      const outcome = RouteTable.from(parsed);
      if (!outcome.ok) {
        context.addIssue({ code: 'custom', message: outcome.problem });
        return z.NEVER;
      }
      return outcome.table;
    });

/** JWT_SIGNING_KEYS: a JSON array of private RSA JWKs; the first signs, all are published. */
const signingKeysVariable = () =>
  z
    .string()
    .optional()
    .transform((value, context): SigningKey[] | undefined => {
      if (value === undefined) return undefined;
      try {
        return parseSigningKeys(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: error instanceof SigningKeyProblem ? error.message : 'must be a JSON array of private RSA JWKs' });
        return z.NEVER;
      }
    });

/** API gateway configuration, read from the environment once at start (see README). */
export const GatewayConfig = z
  .object({
    ...serviceVariables(8080),
    ...authVariables(),
    ...relationalVariables('gateway'),
    JWT_SIGNING_KEYS: signingKeysVariable(),
    JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
    DEMO_USERS: optionalFlag(),
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(10),
    RATE_LIMIT_PER_MINUTE: Variables.positiveInt(600),
    LOGIN_RATE_LIMIT_PER_MINUTE: Variables.positiveInt(10),
    SIGNUP_RATE_LIMIT_PER_HOUR: Variables.positiveInt(20),
    PROXY_TIMEOUT_MS: Variables.positiveInt(10_000),
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    APP_URL: upstreamUrls('http://127.0.0.1:8081'),
    PAY_URL: upstreamUrls('http://127.0.0.1:8082'),
    STORE_URL: upstreamUrls('http://127.0.0.1:8083'),
    CUSTOMER_URL: upstreamUrls('http://127.0.0.1:8084'),
    MARKETING_URL: upstreamUrls('http://127.0.0.1:8085'),
    GATEWAY_ROUTES: routesVariable(),
    /** With several instances of an upstream: how often each instance's GET /health/ready is asked. */
    UPSTREAM_CHECK_INTERVAL_MS: Variables.positiveInt(1000),
  })
  .superRefine((config, context) => {
    // the gateway signs tokens: in production with keys that outlive a restart and are shared by its replicas
    if (config.NODE_ENV === 'production' && !config.JWT_SIGNING_KEYS) {
      context.addIssue({ code: 'custom', path: ['JWT_SIGNING_KEYS'], message: 'required when NODE_ENV=production' });
    }
  });
export type GatewayConfig = z.infer<typeof GatewayConfig>;

/** GATEWAY_ROUTES when set, else the default table built from APP_URL, PAY_URL, … */
export function routeTableOf(config: GatewayConfig): RouteTable {
  if (config.GATEWAY_ROUTES) return config.GATEWAY_ROUTES;
  const outcome = RouteTable.from(defaultRoutes(config));
  if (!outcome.ok) throw new Error(`default routing table: ${outcome.problem}`);
  return outcome.table;
}

/** Demo users are seeded unless DEMO_USERS=false; in production only when DEMO_USERS=true. */
export function demoUsersEnabled(config: GatewayConfig): boolean {
  return config.DEMO_USERS ?? config.NODE_ENV !== 'production';
}

/**
 * The keys the gateway signs with: JWT_SIGNING_KEYS, else (never in production) one generated at
 * start — tokens then do not survive a restart of the gateway (`npm start` keeps a key in data/).
 */
export function signingKeysOf(config: GatewayConfig, logger: Logger): SigningKey[] {
  if (config.JWT_SIGNING_KEYS) return config.JWT_SIGNING_KEYS;
  logger.warn('JWT_SIGNING_KEYS is not set: signing with a key generated at start (tokens end with this process; refused when NODE_ENV=production)');
  return [generateSigningKeySync()];
}
