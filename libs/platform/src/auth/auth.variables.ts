import { z } from 'zod';
import { SigningKey, SigningKeyProblem, parseSigningKey } from './signing-keys';

/** Where a service finds the gateway's public keys unless JWKS_URL says otherwise (the local stack). */
export const DEFAULT_JWKS_URL = 'http://127.0.0.1:8080/.well-known/jwks.json';

const httpUrl = (fallback?: string) => {
  const url = z.string().refine((value) => /^https?:\/\/[^/\s]+/.test(value) && URL.canParse(value), { message: 'must be an http:// or https:// URL' });
  return fallback === undefined ? url : url.default(fallback);
};

/** SERVICE_SIGNING_KEY: a private RSA JWK (JSON) or PEM. */
const signingKeyVariable = () =>
  z
    .string()
    .optional()
    .transform((value, context): SigningKey | undefined => {
      if (value === undefined) return undefined;
      try {
        return parseSigningKey(value.trimStart().startsWith('{') ? (JSON.parse(value) as unknown) : value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: error instanceof SigningKeyProblem ? error.message : 'must be a private RSA JWK (JSON) or PEM' });
        return z.NEVER;
      }
    });

/** TRUSTED_SERVICES: `app=http://app:8081/.well-known/jwks.json[,name=url…]`. */
const trustedServicesVariable = (fallback?: string) =>
  z
    .string()
    .default(fallback ?? '')
    .transform((value, context): { name: string; jwksUrl: string }[] => {
      if (!value) return [];
      const services: { name: string; jwksUrl: string }[] = [];
      for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
        const match = /^([a-z][a-z0-9-]*)=(https?:\/\/\S+)$/.exec(entry);
        if (!match || !URL.canParse(match[2])) {
          context.addIssue({ code: 'custom', message: `must be a comma-separated list of name=http(s)://…/.well-known/jwks.json (got "${entry}")` });
          return z.NEVER;
        }
        services.push({ name: match[1], jwksUrl: match[2] });
      }
      return services;
    });

/**
 * Token settings every service shares. Tokens are RS256, signed by the gateway alone (its keys:
 * JWT_SIGNING_KEYS, gateway only); every service verifies them with the public keys it reads from
 * JWKS_URL. No service holds a secret that could mint a user's token.
 * - JWT_ISSUER / JWT_AUDIENCE: checked on every token.
 * - JWKS_CACHE_MAX_AGE_MS: how long fetched keys are trusted before the document is read again.
 * - SERVICE_SIGNING_KEY: this service's own key for the tokens it presents to another service
 *   (app → pay); generated at start when unset (fine for one replica; replicas must share one).
 * - TRUSTED_SERVICES: the services whose tokens (role `service`) this one accepts, with their JWKS.
 */
export const authVariables = (defaults: { trustedServices?: string } = {}) => ({
  JWT_ISSUER: z.string().min(1).default('fooddelivery-gateway'),
  JWT_AUDIENCE: z.string().min(1).default('fooddelivery'),
  JWKS_URL: httpUrl(DEFAULT_JWKS_URL),
  JWKS_CACHE_MAX_AGE_MS: z.coerce.number().int().min(1000).default(600_000),
  SERVICE_SIGNING_KEY: signingKeyVariable(),
  TRUSTED_SERVICES: trustedServicesVariable(defaults.trustedServices),
  NODE_ENV: z.string().default('development'),
});

export interface AuthVariables {
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  JWKS_URL: string;
  JWKS_CACHE_MAX_AGE_MS: number;
  SERVICE_SIGNING_KEY?: SigningKey | undefined;
  TRUSTED_SERVICES: { name: string; jwksUrl: string }[];
  NODE_ENV: string;
}

export interface JwtSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  cacheMaxAgeMs: number;
  trustedServices: { name: string; jwksUrl: string }[];
  /** The key of this service's own service tokens, when configured (else one is generated at start). */
  serviceKey?: SigningKey | undefined;
}

export function jwtSettings(config: AuthVariables): JwtSettings {
  return {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    jwksUrl: config.JWKS_URL,
    cacheMaxAgeMs: config.JWKS_CACHE_MAX_AGE_MS,
    trustedServices: config.TRUSTED_SERVICES,
    serviceKey: config.SERVICE_SIGNING_KEY,
  };
}

/** The issuer of a service's own tokens (`iss`), e.g. `fooddelivery-app`. */
export function serviceIssuer(service: string): string {
  return `fooddelivery-${service}`;
}
