#!/usr/bin/env node
// Local infrastructure for development and tests: Kafka (KRaft), FerretDB (MongoDB protocol) and
// PostgreSQL. Everything is provisioned into a cache outside the repo, idempotently, and runs as
// detached processes that outlive this script, so `npm start` and `npm test` reuse a running stack.
//
//   node scripts/infra.mjs up|down|status|provision|start <name>|stop <name>
//
// A component is skipped (reported as external) when its env var is already set by the user:
// KAFKA_BROKERS, MONGO_URL, DATABASE_URL.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { CACHE_DIR, ENV_FILE, RUN_DIR } from './lib/config.mjs';
import { ferretdb } from './lib/ferretdb.mjs';
import { kafka } from './lib/kafka.mjs';
import { info, seconds, setQuiet } from './lib/log.mjs';
import { isAlive } from './lib/proc.mjs';
import { postgres } from './lib/postgres.mjs';

const COMPONENTS = { kafka, mongo: ferretdb, postgres };

const isExternal = (component) => Boolean(process.env[component.envVar]);

function componentNamed(name) {
  const component = COMPONENTS[name];
  if (!component)
    throw new Error(`unknown component '${name}' (expected ${Object.keys(COMPONENTS).join('|')})`);
  return component;
}

/**
 * Serialises infra changes across processes (e.g. `npm start` and `npm test` launched together)
 * with an exclusive lock file holding the owner's pid; a lock left by a dead process is taken over.
 */
async function withLock(task) {
  const lockFile = path.join(RUN_DIR, 'infra.lock');
  fs.mkdirSync(RUN_DIR, { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
    const justCreated = Number.isNaN(owner) && Date.now() - fs.statSync(lockFile).mtimeMs < 5000;
    if (!justCreated && !isAlive(owner)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (!announced) info(`waiting for another infra command (pid ${owner}) to finish...`);
    announced = true;
    await sleep(500);
  }
  try {
    return await task();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

/**
 * What FerretDB is started with: our own PostgreSQL cluster (where postgres.mjs created and tuned
 * its database). A user's external DATABASE_URL is not used for it (we cannot tune that server),
 * so FerretDB then falls back to SQLite; set MONGO_URL to bring a real MongoDB instead.
 */
function documentStoreContext(databaseUrl) {
  if (!databaseUrl && !isExternal(postgres) && postgres.isInstalled() && process.env.FOODDELIVERY_FERRETDB_BACKEND !== 'sqlite') {
    // never a silent switch to an empty SQLite store while the data sits in a PostgreSQL that failed
    throw new Error(
      'PostgreSQL is installed but did not come up (see above); FerretDB keeps its data there, so it is not started on SQLite instead. Fix PostgreSQL, or set FOODDELIVERY_FERRETDB_BACKEND=sqlite',
    );
  }
  return databaseUrl && !isExternal(postgres) ? { DATABASE_URL: databaseUrl } : {};
}

/**
 * Provisions and starts whatever is missing or not running, and resolves to the env the services
 * and tests need (also written to <cache>/run/env.json). User-supplied values pass through; a
 * missing PostgreSQL leaves DATABASE_URL out.
 */
export async function ensureInfra({ quiet = false } = {}) {
  setQuiet(quiet);
  return withLock(async () => {
    const started = Date.now();
    const ours = Object.values(COMPONENTS).filter((component) => !isExternal(component));
    // Provision one at a time (long steps print progress), then start everything in parallel.
    for (const component of ours) await component.provision();
    // PostgreSQL first: FerretDB keeps its data there. Kafka starts alongside.
    const ensure = (component, context) =>
      isExternal(component) ? process.env[component.envVar] : component.ensureRunning(context);
    const kafkaUrl = ensure(kafka);
    const databaseUrl = await ensure(postgres);
    const [kafkaBrokers, mongoUrl] = await Promise.all([
      kafkaUrl,
      ensure(ferretdb, documentStoreContext(databaseUrl)),
    ]);
    const env = {};
    if (kafkaBrokers) env[kafka.envVar] = kafkaBrokers;
    if (mongoUrl) env[ferretdb.envVar] = mongoUrl;
    if (databaseUrl) env[postgres.envVar] = databaseUrl;
    fs.writeFileSync(ENV_FILE, `${JSON.stringify(env, null, 2)}\n`);
    info(`infrastructure ready in ${seconds(started)}`);
    return env;
  });
}

/** Starts one component (provisioning it first if needed) and waits until it answers. */
export async function startComponent(name, { quiet = false } = {}) {
  setQuiet(quiet);
  const component = componentNamed(name);
  if (isExternal(component))
    return info(`${name}: external (${component.envVar} is set), not starting it`);
  await withLock(async () => {
    if (component !== ferretdb) return component.start();
    // FerretDB's backend is the stack's PostgreSQL (running, or an external DATABASE_URL)
    return component.start(documentStoreContext(isExternal(postgres) ? null : await postgres.ensureRunning()));
  });
}

/** Stops one component that runs locally, whoever started it. */
export async function stopComponent(name, { quiet = false } = {}) {
  setQuiet(quiet);
  const component = componentNamed(name);
  if (isExternal(component))
    return info(`${name}: external (${component.envVar} is set), not stopping it`);
  await withLock(() => component.stop());
}

/** Stops everything we started; a PostgreSQL cluster that was already running is left alone. */
export async function stopInfra() {
  await withLock(async () => {
    for (const component of Object.values(COMPONENTS)) {
      if (!isExternal(component)) await component.stopIfOurs();
    }
  });
  fs.rmSync(ENV_FILE, { force: true });
}

/** Downloads/builds everything without starting anything. */
export async function provisionInfra() {
  await withLock(async () => {
    for (const component of Object.values(COMPONENTS)) {
      if (!isExternal(component)) await component.provision();
    }
  });
}

/** One row per component: { component, engine, state, address, dataDir }. */
export function status() {
  return Object.values(COMPONENTS).map((component) =>
    isExternal(component)
      ? {
          component: component.name,
          engine: '-',
          state: 'external',
          address: process.env[component.envVar],
          dataDir: '-',
        }
      : component.status(),
  );
}

function printStatus() {
  const columns = ['component', 'state', 'address', 'dataDir', 'engine'];
  const headers = {
    component: 'COMPONENT',
    state: 'STATE',
    address: 'ADDRESS',
    dataDir: 'DATA DIR',
    engine: 'ENGINE',
  };
  const rows = [headers, ...status()];
  const widths = columns.map((column) =>
    Math.max(...rows.map((row) => String(row[column]).length)),
  );
  for (const row of rows) {
    console.log(
      columns
        .map((column, index) => String(row[column]).padEnd(widths[index]))
        .join('  ')
        .trimEnd(),
    );
  }
  console.log(`cache: ${CACHE_DIR}`);
}

const USAGE = 'usage: node scripts/infra.mjs up|down|status|provision|start <name>|stop <name>';

async function main([command, name]) {
  switch (command) {
    case 'up': {
      const env = await ensureInfra();
      console.log(`\n${JSON.stringify(env, null, 2)}\n`);
      return printStatus();
    }
    case 'down':
      return stopInfra();
    case 'status':
      return printStatus();
    case 'provision':
      return provisionInfra();
    case 'start':
    case 'stop':
      if (!name) throw new Error(USAGE);
      return command === 'start' ? startComponent(name) : stopComponent(name);
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`[infra] ${error.message}`);
    process.exitCode = 1;
  });
}
