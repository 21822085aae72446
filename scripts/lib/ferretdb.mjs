// FerretDB v1 (MongoDB wire protocol on an embedded SQLite backend), built from source with Go.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, HOST, MONGO_PORT } from './config.mjs';
import { createDaemon } from './daemon.mjs';
import { withTicker } from './log.mjs';
import { run, which } from './proc.mjs';
import { mongoPing } from './probes.mjs';

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

export const ferretdb = createDaemon({
  name: 'mongo',
  engine: `FerretDB ${FERRETDB_VERSION} (SQLite)`,
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
  command: () => ({
    command: BINARY,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${DATA_DIR}/`, // the trailing slash marks a directory (one file per db)
      `--listen-addr=${HOST}:${MONGO_PORT}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    cwd: FERRETDB_DIR,
  }),
  isReady: () => mongoPing(MONGO_PORT),
});
