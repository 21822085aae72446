import { Kafka, logLevel, LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaClientOptions {
  clientId: string;
  brokers: string[];
  logger: Logger;
}

/** A kafkajs client whose own logs go through the service's structured logger. */
export function createKafkaClient({ clientId, brokers, logger }: KafkaClientOptions): Kafka {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        // the producer's retries are bounded on purpose: the outbox, not an endless send, guarantees delivery
        if (message.startsWith('Limiting retries for the idempotent producer')) return;
        if (level <= logLevel.ERROR) kafkaLogger.error(extra, message);
        else if (level === logLevel.WARN) kafkaLogger.warn(extra, message);
        else kafkaLogger.debug(extra, message);
      },
  });
}
