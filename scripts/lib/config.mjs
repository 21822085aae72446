// Shared settings for the local infrastructure: where things live and which ports they use.
import os from 'node:os';
import path from 'node:path';

/** Outside the repo on purpose, so a fresh clone reuses downloaded jars and built binaries. */
export const CACHE_DIR = path.resolve(
  process.env.FOODDELIVERY_CACHE || path.join(os.homedir(), '.cache', 'fooddelivery'),
);
export const RUN_DIR = path.join(CACHE_DIR, 'run');
export const ENV_FILE = path.join(RUN_DIR, 'env.json');

/** Always the IPv4 loopback address: `localhost` may resolve to ::1, where nothing listens. */
export const HOST = '127.0.0.1';

export const KAFKA_PORT = portFromEnv('FOODDELIVERY_KAFKA_PORT', 9092);
export const KAFKA_CONTROLLER_PORT = KAFKA_PORT + 1;
export const MONGO_PORT = portFromEnv('FOODDELIVERY_MONGO_PORT', 27017);

function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65534) {
    throw new Error(`${name}=${raw} is not a valid port`);
  }
  return port;
}
