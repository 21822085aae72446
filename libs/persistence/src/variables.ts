import { z } from 'zod';
import { Variables } from '@fooddelivery/platform';

/** Variables of a TypeORM service (see relationalTarget for how they combine). */
export const relationalVariables = (service: string) => ({
  DATABASE_URL: Variables.postgresUrl(),
  SERVICE_DATABASE_URL: Variables.postgresUrl(),
  SQLITE_PATH: z.string().min(1).default(`data/${service}.sqlite`),
});

/** Variables of a MongoDB service: the server and this service's own database on it. */
export const documentVariables = (service: string) => ({
  MONGO_URL: Variables.mongoUrl(),
  MONGO_DATABASE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be a MongoDB database name')
    .default(`fooddelivery_${service}`),
  /**
   * Connections to the document server, so operations in flight at once. Small on purpose: on FerretDB
   * the services together must stay below its PostgreSQL pool (50: app and customer, 20 each), or an index or collection change
   * that waits for a connection while queries wait for its lock stalls the server.
   */
  MONGO_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
});
