import { Variables } from '@fooddelivery/platform';
import type { MessagingOptions } from './messaging.options';

/** Variables of a service on the event stream. */
export const messagingVariables = () => ({
  KAFKA_BROKERS: Variables.kafkaBrokers(),
  KAFKA_TOPIC: Variables.kafkaTopic(),
  /** Tries per event before it is dead-lettered. */
  CONSUMER_MAX_ATTEMPTS: Variables.positiveInt(5),
  OUTBOX_SWEEP_INTERVAL_MS: Variables.positiveInt(1000),
});

export interface MessagingVariables {
  KAFKA_BROKERS: string[];
  KAFKA_TOPIC: string;
  CONSUMER_MAX_ATTEMPTS: number;
  OUTBOX_SWEEP_INTERVAL_MS: number;
}

/** One consumer group per service (its name), shared by all its replicas. */
export function messagingOptions(service: string, config: MessagingVariables): MessagingOptions {
  return {
    clientId: service,
    groupId: service,
    brokers: config.KAFKA_BROKERS,
    topic: config.KAFKA_TOPIC,
    retry: { attempts: config.CONSUMER_MAX_ATTEMPTS },
    outboxSweepIntervalMs: config.OUTBOX_SWEEP_INTERVAL_MS,
  };
}
