import type { Connection } from 'mongoose';
import type { Probe } from '@fooddelivery/platform';

/** mongoose connection options that suit both MongoDB and FerretDB (no retryable writes, short timeouts, a bounded pool). */
export function documentConnectionOptions(database: string, poolSize = 20) {
  return {
    dbName: database,
    maxPoolSize: poolSize,
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    retryWrites: false,
    autoIndex: true,
  };
}

export function documentProbe(connection: Connection, database: string): Probe {
  return {
    name: 'mongo',
    check: async () => {
      if (!connection.db) throw new Error('not connected');
      await connection.db.admin().ping();
      return { database };
    },
  };
}
