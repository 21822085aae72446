import { CompressionTypes, Kafka, Message, Partitioners, Producer } from 'kafkajs';
import { DomainEvent, EventHeaders, assertValidEvent } from '@fooddelivery/contracts';

/** Serialises an envelope as the platform's Kafka message: key = orderId, eventType (and more) as headers. */
export function toMessage(event: DomainEvent): Message {
  return {
    key: event.orderId,
    value: JSON.stringify(event),
    headers: {
      [EventHeaders.eventType]: event.eventType,
      [EventHeaders.eventId]: event.eventId,
      [EventHeaders.eventVersion]: String(event.eventVersion),
      [EventHeaders.producer]: event.producer,
    },
  };
}

/**
 * The idempotent producer: acks from all in-sync replicas, one request in flight, so a retried send
 * never duplicates or reorders messages within a partition. Events are validated before they leave.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 5 },
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }

  /** Publishes events in the given order; resolves once the broker has acknowledged all of them. */
  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const messages = events.map((event) => toMessage(assertValidEvent(event)));
    await this.producer.send({ topic: this.topic, acks: -1, compression: CompressionTypes.None, messages });
  }

  /** Sends already-formed messages (dead letters) to another topic. */
  async sendRaw(topic: string, messages: Message[]): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages });
  }
}
