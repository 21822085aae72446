import fc from 'fast-check';
import pino from 'pino';
import type { EachBatchPayload, IHeaders, Kafka, KafkaMessage, Message } from 'kafkajs';
import {
  DeadLetterHeaders,
  DomainEvent,
  EVENT_TYPES,
  EventHeaders,
  EventType,
  createEvent,
  parseEventMessage,
} from '@fooddelivery/contracts';
import { ConsumerOutcome, EventConsumer, EventHandlers, header } from './event-consumer';
import { EventPublisher, toMessage } from './event-publisher';

/**
 * Properties of the one place every service parses what it consumes: EventConsumer, driven through
 * a fake kafkajs consumer (no broker), on batches mixing valid events, garbage and lying headers.
 */

const TOPIC = 'fooddelivery';
const ATTEMPTS = 3;

const parties = { storeId: '1', customerId: 'alice' };
const line = { menuId: 'chicken', name: 'Chicken', quantity: 1, unitPrice: 18000 };
const PAYLOADS: Record<EventType, object> = {
  OrderPlaced: { ...parties, items: [line], totalAmount: 18000 },
  OrderCancelled: { ...parties, reason: 'changed my mind' },
  PaymentApproved: { ...parties, paymentId: 'pay-1', items: [line], amount: 18000 },
  PaymentCancelled: { paymentId: 'pay-1', amount: 18000, reason: 'refund' },
  OrderAccepted: parties,
  OrderRejected: { ...parties, reason: 'sold out' },
  CookingStarted: parties,
  CookingFinished: parties,
  DeliveryStarted: { ...parties, rider: 'Minsu' },
  DeliveryCompleted: parties,
  DeliveryCancelled: { ...parties, reason: 'recalled' },
  CouponIssued: { couponId: 'c1', customerId: 'alice', discount: 1000, reason: 'welcome' },
};

const anEvent: fc.Arbitrary<DomainEvent> = fc
  .record({ eventType: fc.constantFrom(...EVENT_TYPES), orderId: fc.uuid(), time: fc.integer({ min: 0, max: 4e12 }) })
  .map(
    ({ eventType, orderId, time }) =>
      createEvent(eventType, {
        orderId,
        producer: 'test',
        occurredAt: new Date(time),
        payload: PAYLOADS[eventType] as never,
      }) as DomainEvent,
  );

/** Header names: the catalog's, unknown ones, and names every JavaScript object answers to. */
const headerName = fc.oneof(
  fc.constantFrom(...EVENT_TYPES),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'),
);

/** kafkajs hands headers over as Buffers (sometimes arrays of them). */
const asReceived = (value: string, form: 'buffer' | 'string' | 'array') =>
  form === 'buffer' ? Buffer.from(value) : form === 'string' ? value : [Buffer.from(value), Buffer.from('ignored')];

type Incoming = { value: Buffer | null; headers: IHeaders; key: Buffer | null };

/** A message on the topic: a real event (headers true, lying or absent), or anything else. */
const incoming: fc.Arbitrary<Incoming> = fc.oneof(
  fc
    .tuple(
      anEvent,
      fc.constantFrom<'buffer' | 'string' | 'array'>('buffer', 'string', 'array'),
      fc.oneof(
        fc.constant({ kind: 'true' as const }),
        fc.constant({ kind: 'none' as const }),
        headerName.map((name) => ({ kind: 'lie' as const, name })),
      ),
    )
    .map(([event, form, typeHeader]) => {
      const message = toMessage(event);
      const headers: IHeaders = {};
      for (const [name, value] of Object.entries(message.headers as Record<string, string>))
        headers[name] = asReceived(value, form);
      if (typeHeader.kind === 'none') delete headers[EventHeaders.eventType];
      if (typeHeader.kind === 'lie') headers[EventHeaders.eventType] = asReceived(typeHeader.name, form);
      return { value: Buffer.from(message.value as string), headers, key: Buffer.from(event.orderId) };
    }),
  fc
    .tuple(
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
        fc.json({ maxDepth: 2 }).map((json) => Buffer.from(json)),
        fc.constant(null),
      ),
      fc.option(headerName, { nil: undefined }),
    )
    .map(([value, typeHeader]) => ({
      value,
      headers: typeHeader === undefined ? {} : { [EventHeaders.eventType]: Buffer.from(typeHeader) },
      key: null,
    })),
);

interface Harness {
  handled: DomainEvent[];
  calls: Map<string, number>;
  outcomes: [string, ConsumerOutcome][];
  deadLetters: { topic: string; message: Message }[];
  commits: { topic: string; partition: number; offset: string }[];
  deliver(messages: Incoming[]): Promise<void>;
}

/** An EventConsumer over a fake kafkajs consumer; `failures(event)` says how often its handler fails first. */
async function consumerWith(
  handled: readonly EventType[],
  failures: (event: DomainEvent) => number = () => 0,
): Promise<Harness> {
  let eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  const harness: Omit<Harness, 'deliver'> = {
    handled: [],
    calls: new Map(),
    outcomes: [],
    deadLetters: [],
    commits: [],
  };
  const kafka = {
    consumer: () => ({
      events: { CRASH: 'consumer.crash' },
      on: () => undefined,
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: async (config: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) => {
        eachBatch = config.eachBatch;
      },
      commitOffsets: async (offsets: Harness['commits']) => void harness.commits.push(...offsets),
      disconnect: async () => undefined,
    }),
  } as unknown as Kafka;
  const publisher = {
    sendRaw: async (topic: string, messages: Message[]) => {
      for (const message of messages) harness.deadLetters.push({ topic, message });
    },
  } as unknown as EventPublisher;
  const handlers: EventHandlers = {};
  for (const eventType of handled) {
    (handlers as Record<string, unknown>)[eventType] = async (event: DomainEvent) => {
      const calls = (harness.calls.get(event.eventId) ?? 0) + 1;
      harness.calls.set(event.eventId, calls);
      if (calls <= failures(event)) throw new Error(`store down (${calls})`);
      harness.handled.push(event);
    };
  }
  const consumer = new EventConsumer({
    kafka,
    topic: TOPIC,
    groupId: 'test',
    handlers,
    publisher,
    logger: pino({ level: 'silent' }),
    retry: { attempts: ATTEMPTS, initialBackoffMs: 0, maxBackoffMs: 0 },
    onCrash: (error) => {
      throw error;
    },
    onOutcome: (eventType, outcome) => void harness.outcomes.push([eventType, outcome]),
  });
  await consumer.start();
  return {
    ...harness,
    deliver: (messages) =>
      eachBatch!({
        batch: {
          topic: TOPIC,
          partition: 0,
          messages: messages.map(
            (message, index) =>
              ({
                ...message,
                offset: String(index),
                timestamp: '0',
                attributes: 0,
                size: 0,
              }) as unknown as KafkaMessage,
          ),
        },
        heartbeat: async () => undefined,
        resolveOffset: () => undefined,
        isRunning: () => true,
        isStale: () => false,
      } as unknown as EachBatchPayload),
  };
}

const handledTypes = fc.subarray([...EVENT_TYPES]);

describe('EventConsumer (properties)', () => {
  it('gives every message of any batch exactly one fate: skipped by header, dead-lettered as invalid, skipped, or handled once with the parsed event', async () => {
    await fc.assert(
      fc.asyncProperty(handledTypes, fc.array(incoming, { minLength: 1, maxLength: 12 }), async (handled, messages) => {
        const harness = await consumerWith(handled);
        await harness.deliver(messages);

        const expectedHandled: DomainEvent[] = [];
        const expectedDead: Incoming[] = [];
        let expectedOutcomes = 0;
        for (const message of messages) {
          expectedOutcomes++;
          const typeHeader = header(message.headers, EventHeaders.eventType);
          // event types a service does not handle are skipped by header, without parsing
          if (typeHeader !== undefined && !handled.includes(typeHeader as EventType)) continue;
          const parsed = parseEventMessage(message.value);
          if (!parsed.ok) expectedDead.push(message);
          else if (handled.includes(parsed.event.eventType)) expectedHandled.push(parsed.event);
        }

        expect(harness.handled).toEqual(expectedHandled);
        expect(harness.outcomes).toHaveLength(expectedOutcomes);
        expect(harness.outcomes.filter(([, outcome]) => outcome === 'processed')).toHaveLength(expectedHandled.length);
        expect(harness.deadLetters.map(({ message }) => message.value)).toEqual(
          expectedDead.map((message) => message.value),
        );
        for (const { topic, message } of harness.deadLetters) {
          expect(topic).toBe(`${TOPIC}.dlq`);
          expect(String(message.headers?.[DeadLetterHeaders.reason])).toMatch(/^invalid event: /);
          expect(message.headers?.[DeadLetterHeaders.attempts]).toBe('0');
        }
        // the whole batch is done: committed past its last message
        expect(harness.commits.at(-1)).toEqual({ topic: TOPIC, partition: 0, offset: String(messages.length) });
      }),
      { numRuns: 200 },
    );
  });

  it('retries a failing handler up to its attempts, then dead-letters the event with the reason; never calls it more often', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(anEvent, fc.nat({ max: ATTEMPTS + 2 })), { minLength: 1, maxLength: 6 }),
        async (batch) => {
          const failuresOf = new Map(batch.map(([event, failures]) => [event.eventId, failures]));
          const harness = await consumerWith(EVENT_TYPES, (event) => failuresOf.get(event.eventId) ?? 0);
          await harness.deliver(
            batch.map(([event]) => ({ value: Buffer.from(JSON.stringify(event)), headers: {}, key: null })),
          );

          const succeeded = batch.filter(([, failures]) => failures < ATTEMPTS).map(([event]) => event);
          const given = batch.filter(([, failures]) => failures >= ATTEMPTS).map(([event]) => event);
          expect(harness.handled).toEqual(succeeded);
          for (const [event, failures] of batch)
            expect(harness.calls.get(event.eventId)).toBe(Math.min(failures + 1, ATTEMPTS));
          expect(harness.deadLetters.map(({ message }) => JSON.parse(String(message.value)) as unknown)).toEqual(given);
          for (const { message } of harness.deadLetters) {
            expect(String(message.headers?.[DeadLetterHeaders.reason])).toMatch(/^handler failed: store down/);
            expect(message.headers?.[DeadLetterHeaders.attempts]).toBe(String(ATTEMPTS));
          }
          const retried = batch.reduce((sum, [, failures]) => sum + Math.min(failures, ATTEMPTS - 1), 0);
          expect(harness.outcomes.filter(([, outcome]) => outcome === 'retried')).toHaveLength(retried);
          expect(harness.commits.at(-1)?.offset).toBe(String(batch.length));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('toMessage and header (properties)', () => {
  it('a published event is read back by a consumer as the same event, its headers naming it', () => {
    fc.assert(
      fc.property(anEvent, (event) => {
        const message = toMessage(event);
        expect(message.key).toBe(event.orderId);
        expect(parseEventMessage(Buffer.from(message.value as string))).toEqual({ ok: true, event });
        const received: IHeaders = Object.fromEntries(
          Object.entries(message.headers as Record<string, string>).map(([name, value]) => [name, Buffer.from(value)]),
        );
        expect(header(received, EventHeaders.eventType)).toBe(event.eventType);
        expect(header(received, EventHeaders.eventId)).toBe(event.eventId);
        expect(header(received, EventHeaders.eventVersion)).toBe(String(event.eventVersion));
        expect(header(received, EventHeaders.producer)).toBe(event.producer);
      }),
    );
  });

  it('header reads the first value of any header shape kafkajs delivers, and never throws', () => {
    const value = fc.oneof(
      fc.string().map((text) => Buffer.from(text)),
      fc.string(),
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ maxLength: 8 }),
          fc.option(fc.oneof(value, fc.array(value, { maxLength: 3 })), { nil: undefined }),
        ),
        fc.oneof(fc.string({ maxLength: 8 }), headerName),
        fc.boolean(),
        (headers, name, missing) => {
          const all: IHeaders | undefined = missing ? undefined : headers;
          const raw = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
          const first = Array.isArray(raw) ? raw[0] : raw;
          const expected = missing || first === undefined ? undefined : first.toString();
          expect(header(all, name)).toBe(expected);
        },
      ),
    );
  });
});
