import type { Model, mongo } from 'mongoose';
import { DomainEvent, assertValidEvent } from '@fooddelivery/contracts';
import type { OutboxStore } from './outbox-store';

interface WithPendingEvents {
  _id: unknown;
  pendingEvents: mongo.Document[];
  outboxPending?: boolean;
}

/**
 * The MongoDB outbox: pending events live in the aggregate's own document (field `pendingEvents`),
 * written by the same single-document update as the state change — atomic without multi-document
 * transactions (which FerretDB lacks) — together with the flag `outboxPending: true`, an indexed
 * equality the relay's sweep can find without scanning (`pendingEvents.0 $exists` is a collection
 * scan on every server). Publishing clears both in one conditional write per document.
 *
 * Schema contract for the model: `pendingEvents: [{ eventId, occurredAt, ... }]` stored as plain
 * envelopes and `outboxPending: Boolean` with an index (use `pendingEventsField` and
 * `outboxPendingField` in the mongoose schema); writers set `outboxPending: true` with the events.
 */
export class MongoOutboxStore implements OutboxStore {
  private adopted: Promise<void> | undefined;

  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any aggregate's model
    private readonly model: Model<any>,
    /**
     * The `_id` of the document holding an event, when the event tells it (app's orders: the
     * orderId). Lets markPublished address those documents by `_id` instead of searching the
     * collection for the event ids.
     */
    private readonly documentIdOf?: (event: DomainEvent) => unknown,
  ) {}

  private get collection(): mongo.Collection<WithPendingEvents> {
    return this.model.collection as unknown as mongo.Collection<WithPendingEvents>;
  }

  async fetchPending(limit: number, minAgeMs: number): Promise<DomainEvent[]> {
    await this.adoptUnflagged();
    const documents = await this.collection
      .find({ outboxPending: true }, { projection: { pendingEvents: 1 }, limit })
      .toArray();
    // flags left set by a publish that raced another write: the events are gone, clear the flag
    const drained = documents.filter((document) => document.pendingEvents.length === 0);
    for (const { _id } of drained) {
      await this.collection.updateOne({ _id, pendingEvents: { $size: 0 } }, { $set: { outboxPending: false } });
    }
    const cutoff = Date.now() - minAgeMs;
    return documents
      .flatMap((document) => document.pendingEvents.map((event) => assertValidEvent(stripMongoFields(event))))
      .filter((event) => minAgeMs === 0 || Date.parse(event.occurredAt) <= cutoff)
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
      .slice(0, limit);
  }

  /**
   * Removes published events from their documents. Usually one conditional write per document:
   * "the pending events are exactly these" → none left, flag cleared. A document
   * that got another event meanwhile (or whose events were stored differently) does not match; for
   * those, `$pullAll` with the exact stored subdocuments, re-read from the database (FerretDB's
   * `$pull` ignores conditions such as `{ eventId: … }`), leaves the newer events and the flag.
   */
  async markPublished(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const ids = new Set(events.map((event) => event.eventId));
    if (this.documentIdOf) {
      const byDocument = new Map<unknown, DomainEvent[]>();
      for (const event of events) {
        const documentId = this.documentIdOf(event);
        byDocument.set(documentId, [...(byDocument.get(documentId) ?? []), event]);
      }
      // separate updates, not one bulkWrite: FerretDB 1.x keeps every statement's query open until
      // the whole command ends and needs another connection per write, so a large bulk exhausts
      // its PostgreSQL pool and stalls it (see docs/operations.md, "FerretDB")
      const results = await Promise.all(
        [...byDocument].map(([_id, published]) =>
          this.collection.updateOne({ _id, pendingEvents: published.map(asStored) } as mongo.Filter<WithPendingEvents>, {
            $set: { pendingEvents: [], outboxPending: false },
          }),
        ),
      );
      if (results.every((result) => result.matchedCount === 1)) return;
    }
    const documents = this.documentIdOf
      ? await this.documentsById(events)
      : await this.collection.find({ 'pendingEvents.eventId': { $in: [...ids] } }, { projection: { pendingEvents: 1 } }).toArray();
    for (const document of documents) {
      const published = document.pendingEvents.filter((event) => ids.has(String(event.eventId)));
      if (published.length > 0) await this.collection.updateOne({ _id: document._id }, { $pullAll: { pendingEvents: published } });
    }
  }

  private async documentsById(events: readonly DomainEvent[]) {
    const documentIds = [...new Set(events.map((event) => this.documentIdOf!(event)))];
    const found = await Promise.all(
      documentIds.map((_id) => this.collection.findOne({ _id } as mongo.Filter<WithPendingEvents>, { projection: { pendingEvents: 1 } })),
    );
    return found.filter((document): document is mongo.WithId<WithPendingEvents> => document !== null);
  }

  async countPending(): Promise<number> {
    await this.adoptUnflagged();
    const documents = await this.collection.find({ outboxPending: true }, { projection: { pendingEvents: 1 } }).toArray();
    return documents.reduce((sum, document) => sum + document.pendingEvents.length, 0);
  }

  /**
   * Documents written before the flag existed (or by another writer) that hold events: flagged once
   * per process, with the one collection scan this outbox ever makes.
   */
  private adoptUnflagged(): Promise<void> {
    this.adopted ??= this.collection
      .updateMany({ 'pendingEvents.0': { $exists: true }, outboxPending: { $ne: true } }, { $set: { outboxPending: true } })
      .then(
        () => undefined,
        (error: unknown) => {
          this.adopted = undefined; // try again next time
          throw error;
        },
      );
    return this.adopted;
  }
}

/** The mongoose schema definition of the `pendingEvents` field (envelopes kept as-is, no _id). */
export const pendingEventsField = { type: [Object], default: [] } as const;

/** The mongoose schema definition of the `outboxPending` flag (indexed: the sweep's query). */
export const outboxPendingField = { type: Boolean, default: false, index: true } as const;

/** An event as the driver stores it: plain JSON values, keys without a value left out. */
function asStored(event: DomainEvent): mongo.Document {
  return JSON.parse(JSON.stringify(event)) as mongo.Document;
}

function stripMongoFields(value: unknown): unknown {
  if (value && typeof value === 'object' && '_id' in value) {
    const { _id: _ignored, ...rest } = value as Record<string, unknown>;
    return rest;
  }
  return value;
}
