import { z } from 'zod';
import { Variables } from '@fooddelivery/platform';
import type { MessagingOptions } from './messaging.options';

/** Variables of a service on the event stream. */
export const messagingVariables = () => ({
  KAFKA_BROKERS: Variables.kafkaBrokers(),
  KAFKA_TOPIC: Variables.kafkaTopic(),
  /** Tries per event before it is dead-lettered. */
  CONSUMER_MAX_ATTEMPTS: Variables.positiveInt(5),
  OUTBOX_SWEEP_INTERVAL_MS: Variables.positiveInt(1000),
  /** The consumer group; default: the service's name (all replicas share it). */
  KAFKA_CONSUMER_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'must be a valid Kafka consumer group id')
    .optional(),
});

export interface MessagingVariables {
  KAFKA_BROKERS: string[];
  KAFKA_TOPIC: string;
  CONSUMER_MAX_ATTEMPTS: number;
  OUTBOX_SWEEP_INTERVAL_MS: number;
  KAFKA_CONSUMER_GROUP?: string | undefined;
}

/** One consumer group per service (its name unless KAFKA_CONSUMER_GROUP says otherwise), shared by all its replicas. */
export function messagingOptions(service: string, config: MessagingVariables): MessagingOptions {
  return {
    clientId: service,
    groupId: config.KAFKA_CONSUMER_GROUP ?? service,
    brokers: config.KAFKA_BROKERS,
    topic: config.KAFKA_TOPIC,
    retry: { attempts: config.CONSUMER_MAX_ATTEMPTS },
    outboxSweepIntervalMs: config.OUTBOX_SWEEP_INTERVAL_MS,
  };
}
