/**
 * - saved: committed, with the events in the outbox (and the consumed event in the inbox);
 * - conflict: someone else got there first (the row changed since it was loaded, or a unique key is
 *   taken already); nothing was written. Reload and decide again;
 * - already-applied: the consumed event was applied before (a redelivery); nothing was written.
 */
export type SaveResult = 'saved' | 'conflict' | 'already-applied';

export interface SaveOptions {
  /** The event this change reacts to: recorded in the inbox in the same transaction. */
  consumedEventId?: string;
}
