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
});
