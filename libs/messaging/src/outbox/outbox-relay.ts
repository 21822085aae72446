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
  /**
   * While every publish succeeds, only every Nth sweep tick really reads the store (a safety net for
   * events another replica left behind when it crashed); after a failure every tick does, until a
   * sweep finds the outbox drained. Saves a collection scan per second on stores without indexes.
   */
  fullSweepEvery?: number;
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
  private readonly fullSweepEvery: number;
  /** A publish failed since the last complete sweep: sweep on every tick. Starts true (start-up sweep). */
  private behind = true;
  private lastFailureAt = 0;
  private idleTicks = 0;
  /** Commits waiting for the publish under way (publishCommitted). */
  private readonly committed: { events: readonly DomainEvent[]; resolve: () => void }[] = [];
  private publishingCommitted = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.sweepIntervalMs = options.sweepIntervalMs ?? 1000;
    this.sweepMinAgeMs = options.sweepMinAgeMs ?? 2000;
    this.batchSize = options.batchSize ?? 100;
    this.fullSweepEvery = Math.max(1, options.fullSweepEvery ?? 30);
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

  /**
   * Publishes events the writer has just committed, without reading the store for them, then removes
   * them from it. Commits that arrive while a publish is under way wait for it and then go out
   * together — one Kafka request and one store write for all of them — so under load the cost per
   * event falls instead of requests queueing one by one. Never throws: on failure the events stay in
   * the store and the sweeps pick them up. Resolves once these events were handled.
   */
  publishCommitted(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.committed.push({ events, resolve });
      if (!this.publishingCommitted) void this.publishQueued();
    });
  }

  private async publishQueued(): Promise<void> {
    this.publishingCommitted = true;
    try {
      while (this.committed.length > 0) {
        const waiting = this.committed.splice(0, this.batchSize);
        const events = waiting.flatMap((item) => item.events);
        try {
          await this.options.sink.publish(events);
          await this.options.store.markPublished(events);
        } catch (error) {
          this.failed();
          this.options.logger.warn({ err: error, outbox: this.options.name }, 'outbox relay could not publish; the sweep will retry');
          // Kafka is away: what queued behind this publish is left to the sweeps too, instead of
          // each batch waiting out the producer's retries in turn while the queue grows
          waiting.push(...this.committed.splice(0));
        }
        for (const item of waiting) item.resolve();
      }
    } finally {
      this.publishingCommitted = false;
    }
  }

  /** Publish what was left behind: events older than the sweep's grace period. */
  sweep(): Promise<void> {
    if (!this.behind && ++this.idleTicks < this.fullSweepEvery) return Promise.resolve();
    this.idleTicks = 0;
    return this.run(this.sweepMinAgeMs, true);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.run(0);
  }

  backlog(): Promise<number> {
    return this.options.store.countPending();
  }

  private run(minAgeMs: number, sweeping = false): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.drain(minAgeMs, sweeping).finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        void this.run(0);
      }
    });
    return this.draining;
  }

  private failed(): void {
    this.behind = true;
    this.lastFailureAt = Date.now();
  }

  /** A sweep drained the store: unless a failure is too recent for it to have seen, the relay is caught up. */
  private caughtUp(sweeping: boolean): void {
    if (sweeping && Date.now() - this.lastFailureAt > this.sweepMinAgeMs) this.behind = false;
  }

  private async drain(minAgeMs: number, sweeping: boolean): Promise<void> {
    try {
      for (;;) {
        const events = await this.options.store.fetchPending(this.batchSize, minAgeMs);
        if (events.length === 0) return this.caughtUp(sweeping);
        await this.options.sink.publish(events);
        await this.options.store.markPublished(events);
        for (const event of events) {
          this.options.logger.debug({ orderId: event.orderId, eventId: event.eventId, eventType: event.eventType }, 'published');
        }
        if (events.length < this.batchSize) return this.caughtUp(sweeping);
      }
    } catch (error) {
      this.failed();
      this.options.logger.warn({ err: error, outbox: this.options.name }, 'outbox relay could not publish; will retry');
    }
  }
}
