import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { DeadLetterHeaders, DomainEvent, EventEnvelope, createEvent, deadLetterTopicOf } from '@fooddelivery/contracts';
import { EventConsumer, EventHandlers, EventPublisher } from '@fooddelivery/messaging';
import { testInfra } from '../../../test/support/infra';
import { dropTestTopics, eventually, freshTopic, readTopic, silentLogger, testKafka } from '../../../test/support/kafka';

const infra = testInfra();

function accepted(orderId: string): EventEnvelope<'OrderAccepted'> {
  return createEvent('OrderAccepted', { orderId, producer: 'store', payload: { storeId: '1', customerId: 'alice' } });
}

function placed(orderId: string): EventEnvelope<'OrderPlaced'> {
  return createEvent('OrderPlaced', {
    orderId,
    producer: 'app',
    payload: { customerId: 'alice', storeId: '1', items: [{ menuId: 'm1', name: 'Chicken', quantity: 1, unitPrice: 18000 }], totalAmount: 18000 },
  });
}

describe('Kafka messaging on a real broker', () => {
  let kafka: Kafka;
  let publisher: EventPublisher;
  let topic: string;
  const consumers: EventConsumer[] = [];

  function consumer(groupId: string, handlers: EventHandlers, attempts = 3): EventConsumer {
    const created = new EventConsumer({
      kafka,
      topic,
      groupId,
      handlers,
      publisher,
      logger: silentLogger,
      retry: { attempts, initialBackoffMs: 50, maxBackoffMs: 200 },
      onCrash: (error) => {
        throw error;
      },
    });
    consumers.push(created);
    return created;
  }

  beforeEach(async () => {
    kafka = testKafka(infra.kafkaBrokers);
    topic = await freshTopic(kafka);
    publisher = new EventPublisher(kafka, topic);
    await publisher.connect();
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await publisher.disconnect();
  });

  afterAll(() => dropTestTopics(testKafka(infra.kafkaBrokers)));

  it('publishes every event keyed by orderId with its type in a header, one order on one partition', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const events: DomainEvent[] = [placed(a), accepted(a), placed(b)];
    await publisher.publish(events);

    const messages = await readTopic(kafka, topic, 3);
    expect(messages).toHaveLength(3);
    for (const event of events) {
      const message = messages.find((m) => JSON.parse(m.value).eventId === event.eventId);
      expect(message).toMatchObject({ key: event.orderId, headers: { eventType: event.eventType, eventId: event.eventId } });
      expect(JSON.parse(message!.value)).toEqual(event);
    }
    const partitionsOfA = new Set(messages.filter((m) => m.key === a).map((m) => m.partition));
    expect(partitionsOfA.size).toBe(1);
  });

  it('resumes a group from its committed offsets and skips event types it does not handle', async () => {
    const groupId = `group-${randomUUID()}`;
    const seen: string[] = [];
    const first = [placed(randomUUID()), placed(randomUUID())];
    await publisher.publish([...first, accepted(randomUUID())]);

    const one = consumer(groupId, { OrderPlaced: async (event) => void seen.push(event.eventId) });
    await one.start();
    await eventually(() => seen.length === 2, 20_000, 'first two events');
    await one.stop();

    const later = [placed(randomUUID()), placed(randomUUID())];
    await publisher.publish(later);
    const two = consumer(groupId, { OrderPlaced: async (event) => void seen.push(event.eventId) });
    await two.start();
    await eventually(() => seen.length === 4, 20_000, 'the two later events');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen.sort()).toEqual([...first, ...later].map((e) => e.eventId).sort());
  });

  it('retries a failing handler with backoff and commits only after it succeeded', async () => {
    const event = placed(randomUUID());
    await publisher.publish([event]);
    const attempts: number[] = [];
    const c = consumer(`group-${randomUUID()}`, {
      OrderPlaced: async (_event, context) => {
        attempts.push(context.attempt);
        if (context.attempt < 3) throw new Error('database briefly unavailable');
      },
    }, 5);
    await c.start();
    await eventually(() => attempts.length === 3, 20_000, 'three attempts');
    expect(attempts).toEqual([1, 2, 3]);
    const dlq = await readTopic(kafka, deadLetterTopicOf(topic), 1, 2000);
    expect(dlq).toHaveLength(0);
  });

  it('redelivers a message whose consumer died before committing it', async () => {
    const groupId = `group-${randomUUID()}`;
    const event = placed(randomUUID());
    await publisher.publish([event]);

    // a separate process takes the message and is SIGKILLed inside the handler, before any commit
    const fixture = join(__dirname, '../../../test/fixtures/consume-then-crash.js');
    const child = spawn(process.execPath, [fixture, infra.kafkaBrokers.join(','), topic, groupId], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const exit = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    expect(exit).toBe('SIGKILL');
    expect(output).toContain(`handling ${event.eventId}`);

    const seen: string[] = [];
    const survivor = consumer(groupId, { OrderPlaced: async (e) => void seen.push(e.eventId) });
    await survivor.start();
    await eventually(() => seen.length === 1, 60_000, 'redelivery to the same group');
    expect(seen).toEqual([event.eventId]);
  });

  it('dead-letters a message that breaks its schema, with the reason, and keeps going', async () => {
    const good = placed(randomUUID());
    await publisher.sendRaw(topic, [{ key: 'poison-1', value: '{"eventType":"OrderPlaced",', headers: { eventType: 'OrderPlaced' } }]);
    const wrongShape = { ...placed(randomUUID()), payload: { customerId: 'alice' } };
    await publisher.sendRaw(topic, [{ key: wrongShape.orderId, value: JSON.stringify(wrongShape), headers: { eventType: 'OrderPlaced' } }]);
    await publisher.publish([good]);

    const seen: string[] = [];
    const groupId = `group-${randomUUID()}`;
    await consumer(groupId, { OrderPlaced: async (e) => void seen.push(e.eventId) }).start();
    await eventually(() => seen.length === 1, 20_000, 'the valid event');

    const dead = await readTopic(kafka, deadLetterTopicOf(topic), 2);
    expect(dead).toHaveLength(2);
    const byKey = new Map(dead.map((m) => [m.key, m]));
    expect(byKey.get('poison-1')?.headers[DeadLetterHeaders.reason]).toMatch(/^invalid event: not JSON/);
    expect(byKey.get(wrongShape.orderId)?.headers[DeadLetterHeaders.reason]).toMatch(/^invalid event: OrderPlaced payload: .*storeId/);
    for (const message of dead) {
      expect(message.headers).toMatchObject({ [DeadLetterHeaders.originalTopic]: topic, [DeadLetterHeaders.consumerGroup]: groupId });
      expect(Number(message.headers[DeadLetterHeaders.originalOffset])).toBeGreaterThanOrEqual(0);
    }
    expect(seen).toEqual([good.eventId]);
  });

  it('dead-letters an event whose handler keeps failing after the bounded retries', async () => {
    const doomed = placed(randomUUID());
    const fine = placed(randomUUID());
    await publisher.publish([doomed]);
    await publisher.publish([fine]);
    const seen: string[] = [];
    let tries = 0;
    await consumer(`group-${randomUUID()}`, {
      OrderPlaced: async (event) => {
        if (event.eventId === doomed.eventId) {
          tries++;
          throw new Error('store 1 does not exist');
        }
        seen.push(event.eventId);
      },
    }, 3).start();

    const [dead] = await readTopic(kafka, deadLetterTopicOf(topic), 1);
    expect(dead?.headers).toMatchObject({
      [DeadLetterHeaders.reason]: 'handler failed: store 1 does not exist',
      [DeadLetterHeaders.attempts]: '3',
      eventType: 'OrderPlaced',
    });
    expect(JSON.parse(dead.value).eventId).toBe(doomed.eventId);
    expect(tries).toBe(3);
    await eventually(() => seen.length === 1, 20_000, 'the next event');
  });
});
