import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage } from 'kafkajs';
import pino from 'pino';
import { createKafkaClient, provisionTopics } from '@fooddelivery/messaging';

export const silentLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export function testKafka(brokers: string[], clientId = `test-${randomUUID().slice(0, 8)}`): Kafka {
  return createKafkaClient({ clientId, brokers, logger: silentLogger });
}

const createdTopics = new Set<string>();

/** A fresh event topic (and its DLQ) per test, so tests never see each other's messages. */
export async function freshTopic(kafka: Kafka, partitions = 3): Promise<string> {
  const topic = `test-${randomUUID()}`;
  createdTopics.add(topic);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await provisionTopics(admin, topic, silentLogger, partitions);
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export interface ReadMessage {
  key: string | undefined;
  headers: Record<string, string>;
  value: string;
  partition: number;
}

/** Reads a topic from the beginning with a throwaway group until `count` messages arrived or time ran out. */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 20_000): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done!: () => void;
  const enough = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      messages.push(toRead(message, partition));
      if (messages.length >= count) done();
    },
  });
  await Promise.race([enough, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  await consumer.disconnect();
  return messages;
}

function toRead(message: KafkaMessage, partition: number): ReadMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = (Array.isArray(value) ? value[0] : value)?.toString() ?? '';
  }
  return { key: message.key?.toString(), headers, value: message.value?.toString() ?? '', partition };
}

/** Polls `probe` until it returns true (or throws on timeout). */
export async function eventually(probe: () => Promise<boolean> | boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Deletes the topics this test file created (each costs the broker start-up time otherwise). */
export async function dropTestTopics(kafka: Kafka): Promise<void> {
  if (createdTopics.size === 0) return;
  const topics = [...createdTopics].flatMap((topic) => [topic, `${topic}.dlq`]);
  createdTopics.clear();
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics, timeout: 10_000 });
  } catch {
    // best effort: a leftover topic only slows the broker's next start a little
  } finally {
    await admin.disconnect();
  }
}
