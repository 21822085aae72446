import type { Logger } from 'pino';

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
export const LOGGER = Symbol('LOGGER');

export interface PlatformOptions {
  /** Service name: log field, metrics label, Kafka client id. */
  service: string;
  logger: Logger;
  /** Maps a domain error `code` (e.g. 'PAYMENT.DECLINED') to an HTTP status; unmapped codes → 422. */
  errorStatus?: Record<string, number>;
  /** Each probe's time budget; a dependency that does not answer in time counts as down. */
  probeTimeoutMs?: number;
}
