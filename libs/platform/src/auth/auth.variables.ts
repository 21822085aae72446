import { z } from 'zod';

export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/**
 * The development secret every service falls back to when JWT_SECRET is unset outside production.
 * Public on purpose (it is in the repository): it only lets the local stack work without setup.
 * `npm start` replaces it with a random secret of its own; with NODE_ENV=production it is refused.
 */
export const DEVELOPMENT_JWT_SECRET = 'fooddelivery-development-secret-not-for-production';

/**
 * JWT settings shared by the gateway (which signs) and every service (which verifies the same token).
 * JWT_SECRET: HMAC key, at least 32 characters; JWT_ALGORITHM: the only algorithm accepted
 * (tokens signed otherwise, or with `alg: none`, are refused); JWT_ISSUER / JWT_AUDIENCE are checked.
 */
export const authVariables = () => ({
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ALGORITHM: z.enum(JWT_ALGORITHMS).default('HS256'),
  JWT_ISSUER: z.string().min(1).default('fooddelivery-gateway'),
  JWT_AUDIENCE: z.string().min(1).default('fooddelivery'),
  NODE_ENV: z.string().default('development'),
});

export interface AuthVariables {
  JWT_SECRET?: string | undefined;
  JWT_ALGORITHM: JwtAlgorithm;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  NODE_ENV: string;
}

export interface JwtSettings {
  secret: string;
  algorithm: JwtAlgorithm;
  issuer: string;
  audience: string;
  /** True when the public development secret is in use (the service logs a warning). */
  developmentSecret: boolean;
}

/** Resolves the secret: JWT_SECRET, else the development secret — never in production. */
export function jwtSettings(config: AuthVariables): JwtSettings {
  if (!config.JWT_SECRET && config.NODE_ENV === 'production') {
    throw new Error('invalid configuration: JWT_SECRET: required when NODE_ENV=production (it is not set)');
  }
  return {
    secret: config.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    algorithm: config.JWT_ALGORITHM,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    developmentSecret: !config.JWT_SECRET,
  };
}
