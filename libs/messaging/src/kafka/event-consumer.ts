import { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import {
  DeadLetterHeaders,
  EventEnvelope,
  EventHeaders,
  EventType,
  deadLetterTopicOf,
  parseEventMessage,
} from '@fooddelivery/contracts';
import type { Logger } from 'pino';
import { EventPublisher } from './event-publisher';

export interface HandlerContext {
  partition: number;
  offset: string;
  /** How many times this message has been tried, starting at 1. */
  attempt: number;
  logger: Logger;
}

export type EventHandler<T extends EventType> = (this: void, event: EventEnvelope<T>, context: HandlerContext) => Promise<void>;
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

export interface RetryPolicy {
  /** Tries per message before it is dead-lettered (including the first). */
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export type ConsumerOutcome = 'processed' | 'skipped' | 'retried' | 'dead_lettered';

export interface EventConsumerOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  handlers: EventHandlers;
  publisher: EventPublisher;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** Where a brand-new group starts: the beginning of the topic (default) or only new messages. */
  fromBeginning?: boolean;
  /** How long the group waits for a silent member before giving its partitions away (≥ 6000). */
  sessionTimeoutMs?: number;
  /**
   * How many partitions this member works on at the same time (default 3, the topic's partitions).
   * Within a partition — so within one order — messages are handled one after the other, in order.
   */
  partitionsConsumedConcurrently?: number;
  /** Called when the consumer has failed for good and kafkajs will not restart it. */
  onCrash: (error: Error) => void;
  onOutcome?: (eventType: string, outcome: ConsumerOutcome) => void;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialBackoffMs: 200, maxBackoffMs: 5000 };
/** Within a long batch, the offset is committed at least every this many messages. */
const COMMIT_EVERY = 200;

/**
 * Runs one consumer group over the event topic, a batch of each partition at a time (partitions in
 * parallel, the messages of one partition in order). For every message: skip event types without a
 * handler (by header, without parsing), dead-letter what fails schema validation, otherwise run the
 * handler with bounded retries and exponential backoff, and dead-letter it with the reason once
 * the retries are used up. The offset is committed after the messages before it were handled or
 * safely dead-lettered — once per batch (and every COMMIT_EVERY messages), not once per message —
 * so a crash anywhere means redelivery, never loss; handlers are idempotent (inbox) so redelivery
 * has no effect.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly retry: RetryPolicy;
  private crashed: Error | undefined;
  private running = false;
  private starting = false;

  constructor(private readonly options: EventConsumerOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3000,
      // a fetch returns as soon as data arrives; the cap only bounds how long stop() waits for it
      maxWaitTimeInMs: 1000,
      retry: { retries: 10 },
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      const { error, restart } = payload as { error: Error; restart: boolean };
      if (restart) {
        options.logger.warn({ err: error, groupId: options.groupId }, 'consumer crashed; kafkajs restarts it');
        return;
      }
      this.crashed = error;
      options.logger.fatal({ err: error, groupId: options.groupId }, 'consumer crashed for good');
      options.onCrash(error);
    });
  }

  /** Alive unless the consumer crashed beyond kafkajs' own restarts. */
  get isAlive(): boolean {
    return this.crashed === undefined;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  async start(): Promise<void> {
    this.starting = true;
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.running = true;
  }

  /** Leaves the group cleanly (the partitions move to the remaining members at once). */
  async stop(): Promise<void> {
    // also while still joining (start runs in the background): disconnecting ends the join
    if (!this.running && !this.starting) return;
    this.running = false;
    this.starting = false;
    await this.consumer.disconnect();
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    let done: string | undefined;
    let uncommitted = 0;
    try {
      for (const message of batch.messages) {
        // stopping, or the partition went to another member in a rebalance: leave the rest
        if (!payload.isRunning() || payload.isStale()) break;
        await this.handle(batch.topic, batch.partition, message, heartbeat);
        payload.resolveOffset(message.offset);
        done = message.offset;
        if (++uncommitted >= COMMIT_EVERY) {
          await this.commit(batch.topic, batch.partition, done);
          uncommitted = 0;
        }
        await heartbeat();
      }
    } finally {
      // what was handled stays handled, even when a later message throws (kafkajs then restarts)
      if (done !== undefined && uncommitted > 0) await this.commit(batch.topic, batch.partition, done);
    }
  }

  private async handle(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    const headerType = header(message.headers, EventHeaders.eventType);
    // own keys only: a header such as "toString" names no handler, whatever Object.prototype has
    if (headerType !== undefined && !Object.hasOwn(this.options.handlers, headerType)) {
      this.options.onOutcome?.(headerType, 'skipped');
      return;
    }

    const parsed = parseEventMessage(message.value);
    if (!parsed.ok) {
      await this.deadLetter(topic, partition, message, `invalid event: ${parsed.reason}`, 0);
      this.options.onOutcome?.(headerType ?? 'unknown', 'dead_lettered');
      return;
    }
    const event = parsed.event;
    const handler = this.options.handlers[event.eventType] as EventHandler<EventType> | undefined;
    if (!handler) {
      this.options.onOutcome?.(event.eventType, 'skipped');
      return;
    }

    const logger = this.options.logger.child({ orderId: event.orderId, eventId: event.eventId, eventType: event.eventType });
    for (let attempt = 1; ; attempt++) {
      try {
        await handler(event, { partition, offset: message.offset, attempt, logger });
        this.options.onOutcome?.(event.eventType, 'processed');
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (attempt >= this.retry.attempts) {
          logger.error({ err: error, attempt }, 'handler failed; dead-lettering the event');
          await this.deadLetter(topic, partition, message, `handler failed: ${reason}`, attempt);
          this.options.onOutcome?.(event.eventType, 'dead_lettered');
          return;
        }
        const backoff = Math.min(this.retry.initialBackoffMs * 2 ** (attempt - 1), this.retry.maxBackoffMs);
        logger.warn({ err: error, attempt, backoffMs: backoff }, 'handler failed; retrying');
        this.options.onOutcome?.(event.eventType, 'retried');
        await sleepWithHeartbeats(backoff, heartbeat);
      }
    }
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, reason: string, attempts: number) {
    this.options.logger.warn(
      { topic, partition, offset: message.offset, reason, key: message.key?.toString() },
      'dead-lettering message',
    );
    await this.options.publisher.sendRaw(deadLetterTopicOf(topic), [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [DeadLetterHeaders.reason]: reason.slice(0, 1000),
          [DeadLetterHeaders.consumerGroup]: this.options.groupId,
          [DeadLetterHeaders.originalTopic]: topic,
          [DeadLetterHeaders.originalPartition]: String(partition),
          [DeadLetterHeaders.originalOffset]: message.offset,
          [DeadLetterHeaders.attempts]: String(attempts),
          [DeadLetterHeaders.failedAt]: new Date().toISOString(),
        },
      },
    ]);
  }

  /** Commits the offset after `offset`: everything up to it is done. */
  private commit(topic: string, partition: number, offset: string): Promise<void> {
    const next = (BigInt(offset) + 1n).toString();
    return this.consumer.commitOffsets([{ topic, partition, offset: next }]);
  }
}

export function header(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers !== undefined && Object.hasOwn(headers, name) ? headers[name] : undefined;
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Waits without letting the group think this member is dead (heartbeats only happen between messages). */
async function sleepWithHeartbeats(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, deadline - Date.now())));
    await heartbeat().catch(() => undefined);
  }
}
