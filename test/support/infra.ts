import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Addresses of the real infrastructure the integration tests run against. `npm test` starts it and
 * passes them in the environment; running jest directly falls back to what `npm run infra:up` wrote.
 */
export interface TestInfra {
  kafkaBrokers: string[];
  mongoUrl: string;
  /** undefined when PostgreSQL is not available here: the relational tests then run on SQLite only. */
  postgresUrl: string | undefined;
}

export function testInfra(): TestInfra {
  const cache = process.env.FOODDELIVERY_CACHE ?? join(homedir(), '.cache', 'fooddelivery');
  const file = join(cache, 'run', 'env.json');
  const saved: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const env = (name: string) => process.env[name] || saved[name];
  const brokers = env('KAFKA_BROKERS');
  const mongoUrl = env('MONGO_URL');
  if (!brokers || !mongoUrl) {
    throw new Error('No test infrastructure: run the tests with `npm test` (or start it with `npm run infra:up`).');
  }
  return { kafkaBrokers: brokers.split(','), mongoUrl, postgresUrl: env('DATABASE_URL') };
}

/** A postgres URL for the shared test database. */
export function postgresTestUrl(infra: TestInfra): string | undefined {
  if (!infra.postgresUrl) return undefined;
  const url = new URL(infra.postgresUrl);
  url.pathname = '/fooddelivery_test';
  return url.toString();
}

/** Drops the PostgreSQL databases a test created (`serverUrl`: any database URL on that server). */
export async function dropPostgresDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const { Client } = await import('pg');
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
