import { z } from 'zod';
import { splitUrlList } from '../http/upstream-instances';

const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** Reusable validators for the variables every service shares. */
export const Variables = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),

  /** `host:port[,host:port…]`. */
  kafkaBrokers: () =>
    z
      .string()
      .default('127.0.0.1:9092')
      .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
      .refine((brokers) => brokers.length > 0 && brokers.every((broker) => isHostPort(broker)), {
        message: 'must be a comma-separated list of host:port',
      }),

  kafkaTopic: () =>
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,200}$/, 'must be a valid Kafka topic name')
      .default('fooddelivery'),

  /** A mongodb:// or mongodb+srv:// URL. */
  mongoUrl: () =>
    z
      .string()
      .default('mongodb://127.0.0.1:27017')
      .refine((value) => /^mongodb(\+srv)?:\/\/[^/\s]+/.test(value) && isUrl(value), {
        message: 'must be a mongodb:// or mongodb+srv:// URL',
      }),

  /** A postgres:// URL, or unset for the embedded SQLite file. */
  postgresUrl: () =>
    z
      .string()
      .refine((value) => /^postgres(ql)?:\/\/[^/\s]+/.test(value) && isUrl(value), {
        message: 'must be a postgres:// URL',
      })
      .optional(),

  /** One http(s) base URL, or a comma-separated list of them (the instances of one upstream). */
  httpUrlList: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .transform(splitUrlList)
      .refine((urls) => urls.length > 0 && urls.every((url) => isHttpBaseUrl(url)), {
        message: 'must be an http(s) URL, or a comma-separated list of them',
      })
      .transform((urls) => urls.map((url) => url.replace(/\/+$/, ''))),

  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  nonNegativeInt: (fallback: number) => z.coerce.number().int().nonnegative().default(fallback),

  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  flag: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => ['true', '1', 'yes'].includes(value)),
};

function isHostPort(value: string): boolean {
  const match = HOST_PORT.exec(value);
  if (!match) return false;
  const port = Number(match[3]);
  return port > 0 && port < 65536;
}

function isHttpBaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !url.search && !url.hash;
  } catch {
    return false;
  }
}

function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Variables every service has. */
export const serviceVariables = (defaultPort: number) => ({
  PORT: Variables.port(defaultPort),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: Variables.logLevel(),
  /** Readiness 503 → server close delay; Kubernetes' preStop sleep usually covers it, so 0 locally. */
  SHUTDOWN_DELAY_MS: Variables.nonNegativeInt(0),
  SHUTDOWN_TIMEOUT_MS: Variables.positiveInt(10_000),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 100kb').default('100kb'),
});

export interface ServiceVariables {
  PORT: number;
  HOST: string;
  LOG_LEVEL: string;
  SHUTDOWN_DELAY_MS: number;
  SHUTDOWN_TIMEOUT_MS: number;
  BODY_LIMIT: string;
}
