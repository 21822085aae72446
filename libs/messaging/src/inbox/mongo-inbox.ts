import type { Model, UpdateQuery } from 'mongoose';
import type { InboxOutcome } from './typeorm-inbox';

/**
 * The MongoDB inbox: each document remembers the eventIds already applied to it (field
 * `processedEventIds`), and the effect is applied with the same single-document update that
 * records the eventId, guarded by "not yet recorded" — atomic without transactions.
 * Documents here are per order, so the list stays as short as an order's event history.
 * With `upsert`, a missing document is created; `filter` must then identify it by `_id`.
 * Without it, 'not_found' means no document matched the filter at all.
 */
export async function applyOnceToDocument(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any aggregate's model
  model: Model<any>,
  filter: Record<string, unknown>,
  eventId: string,
  update: UpdateQuery<unknown>,
  options: { upsert?: boolean } = {},
): Promise<InboxOutcome | 'not_found'> {
  const guarded = { ...filter, processedEventIds: { $ne: eventId } };
  const withInbox: UpdateQuery<unknown> = { ...update, $push: { ...(update.$push ?? {}), processedEventIds: eventId } };
  try {
    const result = await model.updateOne(guarded, withInbox, { upsert: options.upsert ?? false }).exec();
    if (result.matchedCount > 0 || result.upsertedCount > 0) return 'applied';
    return (await model.exists({ ...filter, processedEventIds: eventId }).exec()) ? 'duplicate' : 'not_found';
  } catch (error) {
    // upsert of a document that exists and already has this eventId: the guard excluded it, the insert collided
    if ((error as { code?: number }).code === 11000) return 'duplicate';
    throw error;
  }
}
