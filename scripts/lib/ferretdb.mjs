// FerretDB v1 (MongoDB wire protocol), built from source with Go. Its backend is the stack's
// PostgreSQL (database fooddelivery_ferretdb, tuned so that indexes serve its queries: see
// postgres.mjs); only when no PostgreSQL can be had does it fall back to embedded SQLite, which
// scans whole collections and cannot hold load (INFRA-NOTES.md). FOODDELIVERY_FERRETDB_BACKEND=
// sqlite|postgresql forces one.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, HOST, MONGO_PORT } from './config.mjs';
import { createDaemon } from './daemon.mjs';
import { withTicker } from './log.mjs';
import { run, which } from './proc.mjs';
import { mongoPing } from './probes.mjs';
import { warn } from './log.mjs';
import { DOCUMENT_DATABASE } from './postgres.mjs';

const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
/** How the Go module cache spells the module path (capitals escaped as !lowercase). */
const FERRETDB_MODCACHE_PATH = `github.com/!ferret!d!b/!ferret!d!b@${FERRETDB_VERSION}`;

const BINARY = path.join(CACHE_DIR, 'bin', 'ferretdb');
const BUILD_DIR = path.join(CACHE_DIR, 'ferretdb-build');
const SOURCE_DIR = path.join(BUILD_DIR, 'src');
const FERRETDB_DIR = path.join(CACHE_DIR, 'ferretdb');
const DATA_DIR = path.join(FERRETDB_DIR, 'data');

function isProvisioned() {
  try {
    const output = execFileSync(BINARY, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return output.includes(`version: ${FERRETDB_VERSION}`);
  } catch {
    return false;
  }
}

/**
 * FerretDB embeds build/version/version.txt at compile time and panics at startup without it
 * ("Invalid build/version/version.txt"). That file is generated from `git describe` and is not
 * in the published module, so a plain `go install` (or a wrapper module requiring FerretDB)
 * yields a binary that cannot start. We therefore build from a writable copy of the module
 * source with the version file written in, wired in through a `replace` directive.
 */
async function provision() {
  if (!which('go')) throw new Error("mongo: 'go' is not on PATH (FerretDB is built from source)");
  const go = (args) => run('go', args, { cwd: BUILD_DIR });

  // Start from an empty build dir: cheap, since Go's module and build caches keep the real work.
  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  await go(['mod', 'init', 'local/ferretdb']);
  await withTicker(`mongo: downloading FerretDB ${FERRETDB_VERSION} Go modules`, () =>
    go(['get', `${FERRETDB_MODULE}/cmd/ferretdb@${FERRETDB_VERSION}`]),
  );

  const moduleCache = (await go(['env', 'GOMODCACHE'])).trim();
  fs.cpSync(path.join(moduleCache, FERRETDB_MODCACHE_PATH), SOURCE_DIR, { recursive: true });
  await run('chmod', ['-R', 'u+w', SOURCE_DIR]); // the module cache is read-only
  fs.writeFileSync(path.join(SOURCE_DIR, 'build', 'version', 'version.txt'), FERRETDB_VERSION);
  await go(['mod', 'edit', `-replace=${FERRETDB_MODULE}=./src`]);

  fs.mkdirSync(path.dirname(BINARY), { recursive: true });
  await withTicker(
    `mongo: compiling FerretDB ${FERRETDB_VERSION} (~2 min cold, seconds warm)`,
    () => go(['build', '-o', BINARY, `${FERRETDB_MODULE}/cmd/ferretdb`]),
  );
  if (!isProvisioned())
    throw new Error(`mongo: built ${BINARY} but it does not report ${FERRETDB_VERSION}`);
}

/** `postgresql` when the stack has PostgreSQL (context.DATABASE_URL), else `sqlite`. */
function backendOf(context) {
  const forced = process.env.FOODDELIVERY_FERRETDB_BACKEND;
  if (forced && forced !== 'sqlite' && forced !== 'postgresql') {
    throw new Error(`FOODDELIVERY_FERRETDB_BACKEND=${forced}: expected sqlite or postgresql`);
  }
  if (forced === 'postgresql' && !context.DATABASE_URL) {
    throw new Error('FOODDELIVERY_FERRETDB_BACKEND=postgresql, but no PostgreSQL is available');
  }
  return forced ?? (context.DATABASE_URL ? 'postgresql' : 'sqlite');
}

function backendArgs(context) {
  if (backendOf(context) === 'sqlite') {
    warn('mongo: no PostgreSQL; FerretDB runs on SQLite, which scans whole collections (slow as data grows)');
    // the trailing slash marks a directory (one file per db)
    return ['--handler=sqlite', `--sqlite-url=file:${DATA_DIR}/`];
  }
  const url = new URL(context.DATABASE_URL);
  url.pathname = `/${DOCUMENT_DATABASE}`;
  return ['--handler=postgresql', `--postgresql-url=${url}`];
}

export const ferretdb = createDaemon({
  name: 'mongo',
  engine: (variant) => `FerretDB ${FERRETDB_VERSION} (${variant === 'sqlite' ? 'SQLite' : variant === 'postgresql' ? `PostgreSQL, database ${DOCUMENT_DATABASE}` : 'PostgreSQL or SQLite'})`,
  variant: backendOf,
  envVar: 'MONGO_URL',
  envValue: `mongodb://${HOST}:${MONGO_PORT}`,
  port: MONGO_PORT,
  dataDir: DATA_DIR,
  logFile: path.join(FERRETDB_DIR, 'ferretdb.log'),
  diagnosticLogs: [path.join(FERRETDB_DIR, 'ferretdb.log')],
  processMarker: 'ferretdb',
  readyTimeoutMs: 30_000,
  isProvisioned,
  provision,
  prepare: async () => fs.mkdirSync(DATA_DIR, { recursive: true }),
  command: (context) => ({
    command: BINARY,
    args: [
      ...backendArgs(context),
      `--listen-addr=${HOST}:${MONGO_PORT}`,
      `--debug-addr=${HOST}:${MONGO_PORT + 10000}`, // FerretDB's /debug/metrics (Prometheus): pool, cursors
      '--telemetry=disable',
      '--log-level=warn',
    ],
    cwd: FERRETDB_DIR,
  }),
  isReady: () => mongoPing(MONGO_PORT),
});
