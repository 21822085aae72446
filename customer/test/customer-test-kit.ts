import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { DomainEvent } from '@fooddelivery/contracts';
import { EventPublisher } from '@fooddelivery/messaging';
import { testInfra } from '../../test/support/infra';
import { dropTestTopics, eventually, freshTopic, testKafka } from '../../test/support/kafka';
import { RunningService, startService, waitUntilReady } from '../../test/support/service-process';
import { call } from '../../test/support/stack';
import { TokenAuthority } from '../../test/support/token-authority';

/** GET /order-status/:id as the tests read it. */
export interface StatusBody {
  orderId: string;
  status: string | null;
  statusReason?: string;
  paymentState: string | null;
  refundedAmount?: number;
  customerId: string | null;
  storeId: string | null;
  items: { menuId: string; name: string; quantity: number; unitPrice: number }[];
  totalAmount: number | null;
  rider?: string;
  timeline: { status: string; at: string; eventType: string }[];
  coupons: { couponId: string; discount: number; reason: string }[];
  createdAt: string;
  updatedAt: string;
  revision: number;
}

/** One entry of GET /notifications. */
export interface NotificationBody {
  notificationId: string;
  orderId: string;
  status: string;
  message: string;
  state: 'PENDING' | 'SENT' | 'FAILED';
  attempts: number;
  lastError?: string;
  nextAttemptAt?: string;
  occurredAt: string;
  createdAt: string;
  sentAt?: string;
}

/**
 * The customer service as a real process on the real infrastructure, for one test file: its own
 * topic, consumer group, MongoDB database (`e2e_customer_<random>`, dropped at the end) and token keys.
 */
export class CustomerUnderTest {
  readonly infra = testInfra();
  readonly kafka: Kafka = testKafka(this.infra.kafkaBrokers);
  /** Stands in for the gateway: its JWKS is what this customer verifies tokens with. */
  readonly tokens = new TokenAuthority();
  readonly database = `e2e_customer_${randomUUID().slice(0, 8)}`;
  readonly group = `customer-test-${randomUUID().slice(0, 8)}`;
  topic = '';
  service: RunningService | undefined;
  private publisher: EventPublisher | undefined;

  constructor(
    readonly port: number,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  async start(): Promise<void> {
    await this.tokens.listen();
    if (!this.topic) {
      this.topic = await freshTopic(this.kafka);
      this.publisher = new EventPublisher(this.kafka, this.topic);
      await this.publisher.connect();
    }
    this.service = startService('customer', this.port, {
      KAFKA_BROKERS: this.infra.kafkaBrokers.join(','),
      KAFKA_TOPIC: this.topic,
      KAFKA_CONSUMER_GROUP: this.group,
      MONGO_URL: this.infra.mongoUrl,
      MONGO_DATABASE: this.database,
      ...this.tokens.env(),
      // quick rounds keep the tests short; nothing below depends on them being exact
      NOTIFICATION_DISPATCH_INTERVAL_MS: '250',
      NOTIFICATION_RETRY_BASE_MS: '250',
      STREAM_POLL_INTERVAL_MS: '1000',
      ...this.extraEnv,
    });
    await waitUntilReady(this.service, 90_000);
  }

  async stop(): Promise<number | null | undefined> {
    const code = await this.service?.stop();
    this.service = undefined;
    return code;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.tokens.stop();
    await this.publisher?.disconnect().catch(() => undefined);
    await dropTestTopics(this.kafka);
    const mongoose = await import('mongoose');
    const connection = await mongoose
      .createConnection(this.infra.mongoUrl, { serverSelectionTimeoutMS: 5000, retryWrites: false })
      .asPromise();
    try {
      await connection.useDb(this.database).dropDatabase();
    } finally {
      await connection.close();
    }
  }

  /** Publishes as the producers do: key = orderId, eventType header, validated envelopes, in order. */
  async publish(...events: DomainEvent[]): Promise<void> {
    if (!this.publisher) throw new Error('start() first');
    await this.publisher.publish(events);
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  token(sub: string, role: 'customer' | 'owner' | 'admin', storeId?: string): string {
    return this.tokens.sign({ sub, role, ...(storeId ? { storeId } : {}) });
  }

  get<T = unknown>(path: string, token?: string) {
    return call<T>(this.url(path), token ? { token } : {});
  }

  /** The caller's notifications about one order, newest first. */
  async notificationsOf(token: string, orderId: string): Promise<NotificationBody[]> {
    return (await this.get<NotificationBody[]>('/notifications?limit=200', token)).body.filter(
      (n) => n.orderId === orderId,
    );
  }

  /** Waits until GET `path` answers 200 with a body `ready` accepts, and returns that body. */
  async waitFor<T = StatusBody>(
    path: string,
    token: string,
    ready: (body: T) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<T> {
    let last: { status: number; body: unknown } = { status: 0, body: undefined };
    try {
      await eventually(
        async () => {
          last = await this.get(path, token);
          return last.status === 200 && ready(last.body as T);
        },
        timeoutMs,
        what,
      );
    } catch (error) {
      throw new Error(
        `${(error as Error).message}; last answer ${last.status} ${JSON.stringify(last.body)}\n${this.service?.output().slice(-3000) ?? ''}`,
      );
    }
    return last.body as T;
  }
}

export interface SseMessage {
  id?: string;
  retry?: number;
  comment?: string;
  data?: StatusBody;
}

/** Reads a server-sent event stream with fetch, message by message. */
export class SseClient {
  readonly messages: SseMessage[] = [];
  ended = false;
  status = 0;
  contentType: string | null = null;
  private readonly abort = new AbortController();
  private buffer = '';
  private done: Promise<void> = Promise.resolve();

  async open(url: string, token: string, headers: Record<string, string> = {}): Promise<this> {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers },
      signal: this.abort.signal,
    });
    this.status = response.status;
    this.contentType = response.headers.get('content-type');
    if (!response.body) {
      this.ended = true;
      return this;
    }
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    this.done = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          this.buffer += decoder.decode(value, { stream: true });
          this.parse();
        }
      } catch {
        // aborted by close()
      } finally {
        this.ended = true;
      }
    })();
    return this;
  }

  /** Status views received so far (data messages). */
  views(): StatusBody[] {
    return this.messages.flatMap((message) => (message.data ? [message.data] : []));
  }

  async waitForViews(count: number, what: string, timeoutMs = 30_000): Promise<StatusBody[]> {
    await eventually(() => this.views().length >= count || this.ended, timeoutMs, what);
    return this.views();
  }

  async waitForEnd(timeoutMs = 30_000): Promise<void> {
    await eventually(() => this.ended, timeoutMs, 'the stream to end');
    await this.done;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  private parse(): void {
    let boundary: number;
    while ((boundary = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, boundary);
      this.buffer = this.buffer.slice(boundary + 2);
      const message: SseMessage = {};
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '') continue;
        if (line.startsWith(':')) message.comment = line.slice(1).trim();
        else if (line.startsWith('id:')) message.id = line.slice(3).trim();
        else if (line.startsWith('retry:')) message.retry = Number(line.slice(6).trim());
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) message.data = JSON.parse(data.join('\n')) as StatusBody;
      if (Object.keys(message).length > 0) this.messages.push(message);
    }
  }
}
