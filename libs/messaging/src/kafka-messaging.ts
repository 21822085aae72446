import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { Counter, Gauge } from 'prom-client';
import type { Logger } from 'pino';
import { EventType } from '@fooddelivery/contracts';
import { LOGGER, ProbeRegistry, ServiceMetrics, ShutdownState } from '@fooddelivery/platform';
import { EventConsumer, EventHandler, EventHandlers } from './kafka/event-consumer';
import { EventPublisher } from './kafka/event-publisher';
import { createKafkaClient } from './kafka/kafka-client';
import { provisionTopics } from './kafka/topic-provisioner';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxStore } from './outbox/outbox-store';

/** How often the background check asks Kafka for its metadata (the state readiness reports). */
const KAFKA_CHECK_INTERVAL_MS = 3000;

/**
 * A service's connection to the event stream. Adapters register event handlers (`on`) and outboxes
 * (`addOutbox`) while the module initialises; then, in order: topics are provisioned, the producer
 * connects, outbox relays start, and — once every module is ready — the consumer joins its group.
 * Shutdown runs the other way: the consumer leaves its group, relays flush, the producer disconnects.
 */
@Injectable()
export class KafkaMessaging implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  readonly kafka: Kafka;
  readonly publisher: EventPublisher;
  private readonly admin: Admin;
  private readonly handlers: EventHandlers = {};
  private readonly relays: OutboxRelay[] = [];
  private consumer: EventConsumer | undefined;
  private readonly consumed: Counter<'event_type' | 'outcome'>;
  /** Kafka as last seen by the background check; readiness reports it without waiting on the broker. */
  private kafkaState: { reachable: true; details: Record<string, unknown> } | { reachable: false; message: string } = {
    reachable: false,
    message: 'not checked yet',
  };
  private kafkaCheck: NodeJS.Timeout | undefined;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly probes: ProbeRegistry,
    private readonly metrics: ServiceMetrics,
    private readonly shutdown: ShutdownState,
  ) {
    this.kafka = createKafkaClient({ clientId: options.clientId, brokers: options.brokers, logger });
    this.admin = this.kafka.admin({ retry: { retries: 0 } });
    this.publisher = new EventPublisher(this.kafka, options.topic);
    this.consumed = new Counter({
      name: 'kafka_consumer_messages_total',
      help: 'Messages seen by this service consumer group, by event type and outcome',
      labelNames: ['event_type', 'outcome'],
      registers: [metrics.registry],
    });
    this.registerMetrics();
  }

  /** Registers the handler of one event type. Call before the application has bootstrapped. */
  on<T extends EventType>(eventType: T, handler: EventHandler<T>): void {
    if (this.consumer) throw new Error(`cannot add a handler for ${eventType} after the consumer started`);
    (this.handlers as Record<string, unknown>)[eventType] = handler;
  }

  /** Registers an outbox; call `relay.flush()` after each commit that staged events. */
  addOutbox(name: string, store: OutboxStore): OutboxRelay {
    const relay = new OutboxRelay({
      name,
      store,
      sink: this.publisher,
      logger: this.logger.child({ component: 'outbox', outbox: name }),
      sweepIntervalMs: this.options.outboxSweepIntervalMs,
    });
    this.relays.push(relay);
    return relay;
  }

  async onModuleInit(): Promise<void> {
    // a report, not a readiness condition: producers stage events in their outbox and consumers
    // serve their reads from their own database while the broker is away
    this.probes.addReport({
      name: 'kafka',
      check: () => {
        const state = this.kafkaState;
        return state.reachable ? Promise.resolve(state.details) : Promise.reject(new Error(state.message));
      },
    });
    this.probes.addLiveness({
      name: 'consumer',
      check: async () => {
        if (this.consumer && !this.consumer.isAlive) throw new Error('consumer crashed');
        return { groupId: this.options.groupId, handles: Object.keys(this.handlers) };
      },
    });
    await this.admin.connect();
    await provisionTopics(this.admin, this.options.topic, this.logger, this.options.partitions);
    await this.publisher.connect();
    await this.checkKafka();
    // checked in the background: a readiness probe never waits on an unreachable broker
    this.kafkaCheck = setInterval(() => void this.checkKafka(), KAFKA_CHECK_INTERVAL_MS);
    this.kafkaCheck.unref();
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const relay of this.relays) relay.start();
    if (Object.keys(this.handlers).length === 0) return;
    this.consumer = new EventConsumer({
      kafka: this.kafka,
      topic: this.options.topic,
      groupId: this.options.groupId,
      handlers: this.handlers,
      publisher: this.publisher,
      logger: this.logger.child({ component: 'consumer', groupId: this.options.groupId }),
      retry: this.options.retry,
      onCrash: (error) => this.shutdown.terminate(1, `Kafka consumer crashed: ${error.message}`),
      onOutcome: (eventType, outcome) => this.consumed.inc({ event_type: eventType, outcome }),
    });
    // joined in the background: after a crash the group may take up to its session timeout to let
    // the new member in, and the HTTP side (reads from the service's own database) must not wait for it
    const consumer = this.consumer;
    void consumer.start().then(
      () => this.logger.info({ groupId: this.options.groupId, handles: Object.keys(this.handlers) }, 'consumer started'),
      (error: unknown) => {
        this.logger.fatal({ err: error, groupId: this.options.groupId }, 'consumer could not start');
        this.shutdown.terminate(1, `Kafka consumer could not start: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.kafkaCheck);
    await this.consumer?.stop().catch((error: unknown) => this.logger.warn({ err: error }, 'consumer stop failed'));
    await Promise.all(this.relays.map((relay) => relay.stop()));
    await this.publisher.disconnect().catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }

  /** Kafka's state for the readiness details: the cluster answers a metadata request. */
  private async checkKafka(): Promise<void> {
    try {
      const cluster = await this.admin.describeCluster();
      this.kafkaState = { reachable: true, details: { brokers: cluster.brokers.length, controller: cluster.controller, checkedAt: new Date().toISOString() } };
    } catch (error) {
      this.kafkaState = { reachable: false, message: error instanceof Error ? error.message : String(error) };
    }
  }

  private registerMetrics(): void {
    const relays = this.relays;
    new Gauge({
      name: 'outbox_backlog',
      help: 'Committed events not yet published, per outbox',
      labelNames: ['outbox'],
      registers: [this.metrics.registry],
      async collect() {
        for (const relay of relays) {
          const backlog = await relay.backlog().catch(() => undefined);
          if (backlog !== undefined) this.set({ outbox: relay.name }, backlog);
        }
      },
    });
    const admin = this.admin;
    const { topic, groupId } = this.options;
    const hasConsumer = () => this.consumer !== undefined;
    new Gauge({
      name: 'kafka_consumer_lag',
      help: 'Messages in the event topic not yet committed by this service consumer group, per partition',
      labelNames: ['partition'],
      registers: [this.metrics.registry],
      async collect() {
        if (!hasConsumer()) return;
        try {
          const [latest, committed] = await Promise.all([
            admin.fetchTopicOffsets(topic),
            admin.fetchOffsets({ groupId, topics: [topic] }),
          ]);
          const done = new Map(committed[0]?.partitions.map((p) => [p.partition, BigInt(p.offset)]) ?? []);
          for (const { partition, offset } of latest) {
            const at = done.get(partition) ?? -1n;
            const lag = BigInt(offset) - (at < 0n ? 0n : at);
            this.set({ partition: String(partition) }, Number(lag < 0n ? 0n : lag));
          }
        } catch {
          // Kafka unreachable: keep the last values; readiness reports the outage
        }
      },
    });
  }
}
