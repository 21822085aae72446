import type { Logger } from 'pino';
import type { DomainEvent } from '@fooddelivery/contracts';
import type { OutboxStore } from './outbox-store';

export interface EventSink {
  publish(events: readonly DomainEvent[]): Promise<void>;
}

export interface OutboxRelayOptions {
  name: string;
  store: OutboxStore;
  sink: EventSink;
  logger: Logger;
  /** How often the sweep looks for events left behind (a crash, Kafka down). */
  sweepIntervalMs?: number;
  /** The sweep only takes events at least this old, so it rarely races the writer's own flush. */
  sweepMinAgeMs?: number;
  batchSize?: number;
}

/**
 * Publishes committed outbox events. `flush()` right after a commit gives low latency; the periodic
 * sweep republishes whatever was left behind. Delivery is at least once (a crash between the send
 * and markPublished, or two replicas sweeping, can publish an event twice); consumers deduplicate
 * by eventId. Runs are single-flight per process.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private readonly sweepIntervalMs: number;
  private readonly sweepMinAgeMs: number;
  private readonly batchSize: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.sweepIntervalMs = options.sweepIntervalMs ?? 1000;
    this.sweepMinAgeMs = options.sweepMinAgeMs ?? 2000;
    this.batchSize = options.batchSize ?? 100;
  }

  get name(): string {
    return this.options.name;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
    this.timer.unref();
    void this.run(0); // whatever a previous process left behind
  }

  /** Publish what is pending now (call after a commit). Never throws: failures are left to the sweep. */
  flush(): Promise<void> {
    return this.run(0);
  }

  /** Publish what was left behind: events older than the sweep's grace period. */
  sweep(): Promise<void> {
    return this.run(this.sweepMinAgeMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.run(0);
  }

  backlog(): Promise<number> {
    return this.options.store.countPending();
  }

  private run(minAgeMs: number): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.drain(minAgeMs).finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        void this.run(0);
      }
    });
    return this.draining;
  }

  private async drain(minAgeMs: number): Promise<void> {
    try {
      for (;;) {
        const events = await this.options.store.fetchPending(this.batchSize, minAgeMs);
        if (events.length === 0) return;
        await this.options.sink.publish(events);
        await this.options.store.markPublished(events);
        for (const event of events) {
          this.options.logger.debug({ orderId: event.orderId, eventId: event.eventId, eventType: event.eventType }, 'published');
        }
        if (events.length < this.batchSize) return;
      }
    } catch (error) {
      this.options.logger.warn({ err: error, outbox: this.options.name }, 'outbox relay could not publish; will retry');
    }
  }
}
