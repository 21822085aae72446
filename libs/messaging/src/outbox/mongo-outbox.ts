import type { Model, mongo } from 'mongoose';

interface WithPendingEvents {
  _id: unknown;
  pendingEvents: mongo.Document[];
}
import { DomainEvent, assertValidEvent } from '@fooddelivery/contracts';
import type { OutboxStore } from './outbox-store';

/**
 * The MongoDB outbox: pending events live in the aggregate's own document (field `pendingEvents`),
 * written by the same single-document update as the state change — atomic without multi-document
 * transactions (which FerretDB lacks). Published events are pulled out of the document.
 *
 * Schema contract for the model: `pendingEvents: [{ eventId, occurredAt, ... }]` stored as plain
 * envelopes (use `pendingEventsField` in the mongoose schema).
 */
export class MongoOutboxStore implements OutboxStore {
  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any aggregate's model
    private readonly model: Model<any>,
    /**
     * The `_id` of the document holding an event, when the event tells it (app's orders: the
     * orderId). Lets markPublished read those documents by `_id` instead of searching the collection
     * for the event ids — a scan on servers without secondary indexes, such as FerretDB on SQLite.
     */
    private readonly documentIdOf?: (event: DomainEvent) => unknown,
  ) {}

  async fetchPending(limit: number, minAgeMs: number): Promise<DomainEvent[]> {
    const documents = await this.model
      .find({ 'pendingEvents.0': { $exists: true } }, { pendingEvents: 1 })
      .limit(limit)
      .lean<{ pendingEvents: unknown[] }[]>()
      .exec();
    const cutoff = Date.now() - minAgeMs;
    return documents
      .flatMap((document) => document.pendingEvents.map((event) => assertValidEvent(stripMongoFields(event))))
      .filter((event) => minAgeMs === 0 || Date.parse(event.occurredAt) <= cutoff)
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
      .slice(0, limit);
  }

  /**
   * Removes published events from their documents. `$pullAll` with the exact stored subdocuments,
   * re-read from the database: FerretDB's `$pull` ignores conditions such as `{ eventId: … }`, and
   * an exact match leaves any event appended meanwhile untouched, on MongoDB and FerretDB alike.
   */
  async markPublished(events: readonly DomainEvent[]): Promise<void> {
    const ids = new Set(events.map((event) => event.eventId));
    const collection = this.model.collection as unknown as mongo.Collection<WithPendingEvents>;
    const documents = this.documentIdOf
      ? await this.documentsById(collection, events)
      : await collection.find({ 'pendingEvents.eventId': { $in: [...ids] } }, { projection: { pendingEvents: 1 } }).toArray();
    for (const document of documents) {
      const published = document.pendingEvents.filter((event) => ids.has(String(event.eventId)));
      await collection.updateOne({ _id: document._id }, { $pullAll: { pendingEvents: published } });
    }
  }

  private async documentsById(collection: mongo.Collection<WithPendingEvents>, events: readonly DomainEvent[]) {
    const documentIds = [...new Set(events.map((event) => this.documentIdOf!(event)))];
    const found = await Promise.all(
      documentIds.map((_id) => collection.findOne({ _id } as mongo.Filter<WithPendingEvents>, { projection: { pendingEvents: 1 } })),
    );
    return found.filter((document): document is mongo.WithId<WithPendingEvents> => document !== null);
  }

  async countPending(): Promise<number> {
    const documents = await this.model
      .find({ 'pendingEvents.0': { $exists: true } }, { pendingEvents: 1 })
      .lean<{ pendingEvents: unknown[] }[]>()
      .exec();
    return documents.reduce((sum, document) => sum + document.pendingEvents.length, 0);
  }
}

/** The mongoose schema definition of the `pendingEvents` field (envelopes kept as-is, no _id). */
export const pendingEventsField = { type: [Object], default: [] } as const;

function stripMongoFields(value: unknown): unknown {
  if (value && typeof value === 'object' && '_id' in value) {
    const { _id: _ignored, ...rest } = value as Record<string, unknown>;
    return rest;
  }
  return value;
}
