import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { testInfra } from '../../test/support/infra';

/** A port nothing listens on: an upstream that is down, or where upstreams are when a test needs none. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The test PostgreSQL server's URL, or undefined when there is none (the gateway then runs on SQLite). */
export function postgresUrl(): string | undefined {
  try {
    return testInfra().postgresUrl;
  } catch {
    return undefined;
  }
}

/** A fresh PostgreSQL database for this run when PostgreSQL is there (else the gateway runs on SQLite). */
export async function freshDatabase(serverUrl: string, name: string): Promise<string | undefined> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
