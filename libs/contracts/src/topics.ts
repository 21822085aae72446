/** Kafka topics of the platform. The main topic name is configurable (KAFKA_TOPIC); these are the defaults. */
export const DEFAULT_EVENT_TOPIC = 'fooddelivery';

/** Dead-letter topic of a main topic: messages no consumer could process, with the reason in headers. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** Minimum partition count of the main topic: every event of one order shares a partition (key = orderId). */
export const MIN_EVENT_TOPIC_PARTITIONS = 3;

/** Kafka header names set on every message. */
export const EventHeaders = {
  eventType: 'eventType',
  eventId: 'eventId',
  eventVersion: 'eventVersion',
  producer: 'producer',
} as const;

/** Extra headers of a dead-lettered message, so an operator can find and replay the original. */
export const DeadLetterHeaders = {
  reason: 'dlq-reason',
  consumerGroup: 'dlq-consumer-group',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;
