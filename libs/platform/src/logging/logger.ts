import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: string;
}

/**
 * The process-wide structured logger. Every line carries `service`; lines about an order carry `orderId`
 * (pass it in the first argument: `logger.info({ orderId }, 'order placed')`, or use a child logger).
 */
export function createLogger({ service, level = process.env.LOG_LEVEL ?? 'info' }: LoggerOptions): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password'], censor: '***' },
  });
}
