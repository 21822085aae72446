import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { DomainEvent } from '@fooddelivery/contracts';
import type { OutboxStore } from '@fooddelivery/messaging';

/**
 * Runs database work one piece at a time on SQLite. TypeORM gives better-sqlite3 a single shared
 * connection, on which a second transaction opened while one is running silently becomes part of
 * it (and a read in between sees uncommitted rows); SQLite takes one writer at a time anyway. A
 * service sends every repository operation and its outbox relay (QueuedOutboxStore) through its one
 * queue. PostgreSQL has a connection pool: there the work runs as it comes.
 */
@Injectable()
export class DatabaseQueue {
  private readonly oneConnection: boolean;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(dataSource: DataSource) {
    this.oneConnection = dataSource.options.type === 'better-sqlite3' || dataSource.options.type === 'sqlite';
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (!this.oneConnection) return work();
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** An outbox store whose reads and deletes wait their turn in the DatabaseQueue. */
export class QueuedOutboxStore implements OutboxStore {
  constructor(
    private readonly store: OutboxStore,
    private readonly queue: DatabaseQueue,
  ) {}

  fetchPending(limit: number, minAgeMs: number): Promise<DomainEvent[]> {
    return this.queue.run(() => this.store.fetchPending(limit, minAgeMs));
  }

  markPublished(events: readonly DomainEvent[]): Promise<void> {
    return this.queue.run(() => this.store.markPublished(events));
  }

  countPending(): Promise<number> {
    return this.queue.run(() => this.store.countPending());
  }
}

/** A unique or primary-key violation: PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return code === '23505' || (typeof code === 'string' && /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(code));
}
