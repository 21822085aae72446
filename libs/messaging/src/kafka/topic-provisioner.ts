import type { Admin } from 'kafkajs';
import { MIN_EVENT_TOPIC_PARTITIONS, deadLetterTopicOf } from '@fooddelivery/contracts';
import type { Logger } from 'pino';

/**
 * Creates the event topic and its dead-letter topic at start-up (brokers run with topic
 * auto-creation off), and grows the event topic to the minimum partition count if it has fewer.
 */
export async function provisionTopics(
  admin: Admin,
  topic: string,
  logger: Logger,
  partitions = MIN_EVENT_TOPIC_PARTITIONS,
): Promise<void> {
  const wanted = [topic, deadLetterTopicOf(topic)];
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((name) => !existing.has(name));
  if (missing.length > 0) {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((name) => ({ topic: name, numPartitions: partitions })),
      });
      logger.info({ topics: missing, partitions }, 'created Kafka topics');
    } catch (error) {
      // another replica may have created them between listTopics and createTopics
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    }
  }
  const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
  const count = metadata?.partitions.length ?? 0;
  if (count < partitions) {
    await admin.createPartitions({ topicPartitions: [{ topic, count: partitions }] });
    logger.warn({ topic, from: count, to: partitions }, 'grew event topic partitions');
  }
}
