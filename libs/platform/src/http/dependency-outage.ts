/**
 * Whether an error means "a database this request needs cannot be reached right now" — a restart,
 * a failover, a dropped connection — rather than a bug: the client should retry (503), not be told
 * something broke (500). Recognised by the drivers' own error classes and PostgreSQL's SQLSTATE
 * classes 08 (connection exception) and 57P (operator intervention: shutdown, restart), which
 * FerretDB passes through in its messages.
 */
const OUTAGE_ERROR_NAMES = new Set([
  // mongodb driver
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  // typeorm
  'ConnectionIsNotSetError',
  'CannotConnectAlreadyConnectedError',
]);
const SQLSTATE_OUTAGE = /SQLSTATE (08\d{3}|57P0[1-3])\b/;
const PG_CODES = /^(08\d{3}|57P0[1-3])$/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
const MESSAGES = /Connection terminated|connection is closed|failed to connect to `|connect: connection refused|Client has encountered a connection error|server closed the connection|database system is (shutting down|starting up)/i;

export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  if (OUTAGE_ERROR_NAMES.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (PG_CODES.test(code) || SOCKET_CODES.has(code))) return true;
  if (SQLSTATE_OUTAGE.test(error.message) || MESSAGES.test(error.message)) return true;
  const driverError = (error as { driverError?: unknown }).driverError;
  return isDependencyOutage(driverError, depth + 1) || isDependencyOutage(error.cause, depth + 1);
}

/** Seconds a client is told to wait when a database is away. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;
