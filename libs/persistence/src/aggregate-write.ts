import type { DataSource, EntityManager } from 'typeorm';
import type { DomainEvent } from '@fooddelivery/contracts';
import { applyOnce, stageEvents } from '@fooddelivery/messaging';
import { DatabaseQueue, isUniqueViolation } from './database-queue';

/** Thrown inside a write to roll it back when a conditional update found the row changed. */
export class StaleWrite extends Error {}

/**
 * - saved: committed, with the events in the outbox (and the consumed event in the inbox);
 * - conflict: someone else got there first (the row changed since it was read, or a unique key is
 *   taken already); nothing was written;
 * - already-applied: the consumed event was applied before (a redelivery); nothing was written.
 */
export type WriteOutcome = 'saved' | 'conflict' | 'already-applied';

export interface AggregateWrite {
  /** The aggregate's rows. Returning false (or throwing StaleWrite) means the row changed meanwhile. */
  change: (manager: EntityManager) => Promise<boolean | void>;
  /** Staged in the outbox in the same transaction. */
  events?: readonly DomainEvent[];
  /** The event this change reacts to, recorded in the inbox in the same transaction (at most once). */
  inbox?: { consumer: string; eventId: string };
}

/**
 * One transaction for an aggregate's change, its events (outbox) and the event it reacts to (inbox),
 * taking its turn in the DatabaseQueue on SQLite. A stale version or a unique key taken already is
 * a 'conflict' to decide again on, never an error.
 */
export async function commitAggregate(dataSource: DataSource, queue: DatabaseQueue, write: AggregateWrite): Promise<WriteOutcome> {
  const work = async (manager: EntityManager) => {
    if ((await write.change(manager)) === false) throw new StaleWrite();
    await stageEvents(manager, write.events ?? []);
  };
  try {
    return await queue.run(async (): Promise<WriteOutcome> => {
      if (!write.inbox) {
        await dataSource.transaction(work);
        return 'saved';
      }
      const outcome = await applyOnce(dataSource, write.inbox.consumer, write.inbox.eventId, work);
      return outcome === 'applied' ? 'saved' : 'already-applied';
    });
  } catch (error) {
    if (error instanceof StaleWrite || isUniqueViolation(error)) return 'conflict';
    throw error;
  }
}
