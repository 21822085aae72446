import type { RetryPolicy } from './kafka/event-consumer';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  /** Kafka client id and the `producer` of this service's events. */
  clientId: string;
  brokers: string[];
  topic: string;
  /** Consumer group; one per service, shared by its replicas. */
  groupId: string;
  partitions?: number;
  retry?: Partial<RetryPolicy>;
  /** Outbox sweep period. */
  outboxSweepIntervalMs?: number;
}
