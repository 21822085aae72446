import type { DomainEvent } from '@fooddelivery/contracts';

/** Where committed-but-unpublished events wait: an outbox table, or the aggregates' own documents. */
export interface OutboxStore {
  /** Oldest first; only events older than `minAgeMs` (0 = all), at most `limit`. */
  fetchPending(limit: number, minAgeMs: number): Promise<DomainEvent[]>;
  markPublished(events: readonly DomainEvent[]): Promise<void>;
  countPending(): Promise<number>;
}
