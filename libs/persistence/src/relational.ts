import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSource, DataSourceOptions, EntitySchema } from 'typeorm';
import { OutboxMessage, ProcessedEvent } from '@fooddelivery/messaging';
import { CreateMessagingTables1732300000000 } from './migrations/1732300000000-create-messaging-tables';
import type { Probe } from '@fooddelivery/platform';

export type RelationalTarget =
  | { kind: 'postgres'; url: string; database: string }
  | { kind: 'sqlite'; path: string };

/**
 * Where a service keeps its tables: the full URL of SERVICE_DATABASE_URL, else its own database
 * `fooddelivery_<service>` on the PostgreSQL server of DATABASE_URL, else an embedded SQLite file.
 */
export interface RelationalVariables {
  SERVICE_DATABASE_URL?: string;
  DATABASE_URL?: string;
  SQLITE_PATH: string;
}

export function relationalTarget(service: string, config: RelationalVariables): RelationalTarget {
  const own = config.SERVICE_DATABASE_URL;
  if (own) return { kind: 'postgres', url: own, database: new URL(own).pathname.slice(1) };
  const shared = config.DATABASE_URL;
  if (shared) {
    const url = new URL(shared);
    url.pathname = `/fooddelivery_${service}`;
    return { kind: 'postgres', url: url.toString(), database: `fooddelivery_${service}` };
  }
  return { kind: 'sqlite', path: resolve(config.SQLITE_PATH) };
}

/** Entity classes (or schemas) of a service; the messaging tables are always added. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
export type EntityList = (Function | EntitySchema)[];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
export type MigrationList = Function[];

export function describeTarget(target: RelationalTarget): string {
  return target.kind === 'postgres' ? `postgres database ${target.database}` : `sqlite ${target.path}`;
}

/**
 * TypeORM options for either target. Schema changes are migrations on both (never `synchronize`);
 * the outbox and inbox tables come with this library's own migration.
 */
export function relationalOptions(
  target: RelationalTarget,
  entities: EntityList = [],
  migrations: MigrationList = [],
): DataSourceOptions {
  const common = {
    entities: [OutboxMessage, ProcessedEvent, ...entities],
    migrations: [CreateMessagingTables1732300000000, ...migrations],
    migrationsRun: true,
    synchronize: false,
    logging: false,
  };
  if (target.kind === 'postgres') {
    return { ...common, type: 'postgres', url: target.url, extra: { max: 10, connectionTimeoutMillis: 5000 } };
  }
  mkdirSync(dirname(target.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: target.path,
    // WAL lets readers proceed during a write; busy_timeout waits instead of failing on a lock
    prepareDatabase: (db: { pragma(statement: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
    },
  };
}

export function relationalProbe(dataSource: DataSource, target: RelationalTarget): Probe {
  return {
    name: 'database',
    check: async () => {
      await dataSource.query('SELECT 1');
      return { target: describeTarget(target) };
    },
  };
}

/**
 * Creates the service's PostgreSQL database when it does not exist yet (the role needs CREATEDB;
 * without it the connection that follows reports the missing database). A new service needs no
 * change to the infrastructure scripts.
 */
export async function ensurePostgresDatabase(target: RelationalTarget): Promise<void> {
  if (target.kind !== 'postgres') return;
  const { Client } = await import('pg');
  const url = new URL(target.url);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${target.database.replace(/"/g, '""')}"`);
  } catch (error) {
    // 42P04: created concurrently by another replica. Anything else: let the real connection report it.
    if ((error as { code?: string }).code !== '42P04') return;
  } finally {
    await client.end().catch(() => undefined);
  }
}
