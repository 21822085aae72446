import { isDependencyOutage } from './dependency-outage';

const named = (name: string, message = 'x', extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name }, extra);

describe('isDependencyOutage', () => {
  it.each([
    ['a MongoDB network error', named('MongoNetworkError', 'connection 3 to 127.0.0.1:27017 closed')],
    ['no MongoDB server to select', named('MongoServerSelectionError', 'Server selection timed out')],
    ['FerretDB passing on a PostgreSQL restart', named('MongoServerError', 'FATAL: terminating connection due to administrator command (SQLSTATE 57P01)')],
    ['a pg connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a pg admin shutdown', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['a TypeORM query failure wrapping a dropped connection', Object.assign(named('QueryFailedError', 'Connection terminated unexpectedly'), { driverError: new Error('Connection terminated unexpectedly') })],
    ['a cause chain', new Error('query failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) })],
  ])('is an outage: %s', (_case, error) => {
    expect(isDependencyOutage(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a duplicate key', Object.assign(named('QueryFailedError', 'duplicate key value violates unique constraint'), { driverError: Object.assign(new Error('dup'), { code: '23505' }) })],
    ['a MongoDB validation error', named('MongoServerError', 'Document failed validation')],
    ['not an error', 'ECONNREFUSED'],
  ])('is not an outage: %s', (_case, error) => {
    expect(isDependencyOutage(error)).toBe(false);
  });
});
