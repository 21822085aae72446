// PostgreSQL from Debian's packages, run as the system cluster (pg_ctlcluster). Optional: when it
// cannot be had, the services fall back to embedded SQLite, so nothing here fails the stack.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HOST, RUN_DIR } from './config.mjs';
import { info, warn } from './log.mjs';
import { run, which } from './proc.mjs';
import { waitFor } from './probes.mjs';

const ROLE = 'fooddelivery';
/** FerretDB's database: every MongoDB database of the services is a schema in it. */
export const DOCUMENT_DATABASE = 'fooddelivery_ferretdb';
const PASSWORD = 'fooddelivery';
const DATABASES = [
  'fooddelivery_gateway',
  'fooddelivery_pay',
  'fooddelivery_store',
  'fooddelivery_marketing',
  'fooddelivery_test',
  DOCUMENT_DATABASE,
];
/** Present while the cluster runs because we started it; `down` only stops it then. */
const STARTED_BY_US = path.join(RUN_DIR, 'postgres.started-by-us');
const UNAVAILABLE = 'unavailable (services fall back to embedded SQLite)';

const isRoot = () => process.getuid?.() === 0;

function unavailable(reason) {
  warn(`postgres: ${UNAVAILABLE}: ${reason}`);
  return null;
}

/** Installs PostgreSQL with apt-get when it is missing and we can. Resolves to availability. */
async function provision() {
  if (which('pg_ctlcluster')) return true;
  if (!isRoot() || !which('apt-get')) return false;
  info('postgres: not installed; installing it from Debian packages (apt-get)...');
  try {
    await run('apt-get', ['update'], { stream: true });
    await run('apt-get', ['install', '-y', 'postgresql'], {
      stream: true,
      env: { DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    warn(`postgres: apt-get failed: ${error.message}`);
  }
  return Boolean(which('pg_ctlcluster'));
}

/** The system cluster to use (highest version, preferring one named "main"), or null. */
function findCluster() {
  const clusters = JSON.parse(execFileSync('pg_lsclusters', ['--json'], { encoding: 'utf8' }));
  const [best] = clusters.sort(
    (a, b) => (b.cluster === 'main') - (a.cluster === 'main') || b.version - a.version,
  );
  if (!best) return null;
  return {
    version: String(best.version),
    name: best.cluster,
    port: Number(best.port),
    running: best.running === 1,
    dataDir: best.pgdata,
  };
}

async function findOrCreateCluster() {
  const existing = findCluster();
  if (existing) return existing;
  const versions = fs
    .readdirSync('/usr/lib/postgresql')
    .filter((entry) => /^\d+$/.test(entry))
    .sort((a, b) => b - a);
  if (versions.length === 0)
    throw new Error('no PostgreSQL server version under /usr/lib/postgresql');
  info(`postgres: creating cluster ${versions[0]}/main...`);
  await run('pg_createcluster', [versions[0], 'main']);
  return findCluster();
}

function serverPid(cluster) {
  try {
    return Number.parseInt(
      fs.readFileSync(path.join(cluster.dataDir, 'postmaster.pid'), 'utf8'),
      10,
    );
  } catch {
    return null;
  }
}

/** Runs SQL as the postgres superuser over the local socket; resolves to unaligned output. */
function psql(port, ...statements) {
  return psqlIn('postgres', port, ...statements);
}

function psqlIn(database, port, ...statements) {
  const commands = statements.flatMap((sql) => ['-c', sql]); // each -c is its own transaction
  const psqlArgs = ['-X', '-p', String(port), '-d', database, '-v', 'ON_ERROR_STOP=1', '-tA', ...commands];
  // cwd: the postgres user may not be allowed into our working directory
  return run('runuser', ['-u', 'postgres', '--', 'psql', ...psqlArgs], { cwd: '/' });
}

async function ensureRoleAndDatabases(port) {
  const databaseList = DATABASES.map((name) => `'${name}'`).join(', ');
  const existing = (
    await psql(
      port,
      `SELECT 'role:' || rolname FROM pg_roles WHERE rolname = '${ROLE}' ` +
        `UNION ALL SELECT datname FROM pg_database WHERE datname IN (${databaseList})`,
    )
  ).split('\n');
  const missingDatabases = DATABASES.filter((name) => !existing.includes(name));
  const statements = missingDatabases.map((name) => `CREATE DATABASE ${name} OWNER ${ROLE}`);
  if (!existing.includes(`role:${ROLE}`)) {
    statements.unshift(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}' CREATEDB`);
  }
  if (statements.length === 0) return;
  info(
    `postgres: creating ${statements.map((sql) => sql.split(' ').slice(1, 3).join(' ')).join(', ')}`,
  );
  await psql(port, ...statements);
}

/**
 * Makes FerretDB's PostgreSQL backend use indexes (INFRA-NOTES.md, "FerretDB on PostgreSQL"):
 * FerretDB creates btree indexes on `(_jsonb -> 'field')` but filters with
 * `_jsonb -> $1 @> $2`, which a btree cannot serve, and passes the field name as a parameter, so a
 * generic plan cannot match any index expression. Two database-side fixes, both idempotent:
 *  1. every btree index FerretDB creates gets a GIN twin on the same expressions (an event trigger
 *     on CREATE INDEX; existing indexes are twinned once here), which serves `@>`;
 *  2. `plan_cache_mode = force_custom_plan`, so each statement is planned with its real field name.
 */
async function tuneDocumentDatabase(port) {
  await psqlIn(
    DOCUMENT_DATABASE,
    port,
    `ALTER DATABASE ${DOCUMENT_DATABASE} SET plan_cache_mode = force_custom_plan`,
    GIN_TWIN_FUNCTION,
    GIN_TWIN_TRIGGER_FUNCTION,
    'DROP EVENT TRIGGER IF EXISTS fooddelivery_gin_twins',
    `CREATE EVENT TRIGGER fooddelivery_gin_twins ON ddl_command_end WHEN TAG IN ('CREATE INDEX') ` +
      'EXECUTE FUNCTION fooddelivery_gin_twins()',
    GIN_TWIN_DROP_FUNCTION,
    'DROP EVENT TRIGGER IF EXISTS fooddelivery_gin_twins_drop',
    `CREATE EVENT TRIGGER fooddelivery_gin_twins_drop ON sql_drop WHEN TAG IN ('DROP INDEX') ` +
      'EXECUTE FUNCTION fooddelivery_gin_twins_drop()',
    // indexes made before the trigger existed (a stack created by an earlier version of this script)
    `SELECT count(fooddelivery_gin_twin(i.indexrelid)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid ` +
      `JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'public') ` +
      `AND n.nspname NOT LIKE 'pg_toast%'`,
  );
}

/** Creates the GIN twin of one btree index on `_jsonb` expressions (named <index>_gin), if it lacks one. */
const GIN_TWIN_FUNCTION = `
CREATE OR REPLACE FUNCTION fooddelivery_gin_twin(btree oid) RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
  info record;
  expressions text;
  twin text;
BEGIN
  SELECT c.relname AS index_name, n.nspname AS schema_name, t.relname AS table_name, a.amname, i.indnatts
    INTO info
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_am a ON a.oid = c.relam
   WHERE i.indexrelid = btree;
  IF info IS NULL OR info.amname <> 'btree' OR right(info.index_name, 4) = '_gin' THEN RETURN false; END IF;
  SELECT string_agg(pg_get_indexdef(btree, k, true), ', ' ORDER BY k) INTO expressions
    FROM generate_series(1, info.indnatts) AS k;
  IF expressions IS NULL OR expressions NOT LIKE '%_jsonb ->%' THEN RETURN false; END IF;
  twin := left(info.index_name, 59) || '_gin';
  IF EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relname = twin AND n.nspname = info.schema_name) THEN RETURN false; END IF;
  EXECUTE format('CREATE INDEX %I ON %I.%I USING gin (%s)', twin, info.schema_name, info.table_name, expressions);
  RETURN true;
END
$fn$`;

const GIN_TWIN_TRIGGER_FUNCTION = `
CREATE OR REPLACE FUNCTION fooddelivery_gin_twins() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE
  command record;
BEGIN
  FOR command IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE object_type = 'index' LOOP
    PERFORM fooddelivery_gin_twin(command.objid);
  END LOOP;
END
$fn$`;

/** A btree FerretDB drops (dropIndexes) takes its twin with it; dropped tables take both anyway. */
const GIN_TWIN_DROP_FUNCTION = `
CREATE OR REPLACE FUNCTION fooddelivery_gin_twins_drop() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE
  dropped record;
BEGIN
  FOR dropped IN SELECT * FROM pg_event_trigger_dropped_objects()
                  WHERE object_type = 'index' AND right(object_name, 4) <> '_gin' LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', dropped.schema_name, left(dropped.object_name, 59) || '_gin');
  END LOOP;
END
$fn$`;

const isReady = (port) =>
  run('pg_isready', ['-q', '-h', HOST, '-p', String(port)]).then(
    () => true,
    () => false,
  );

/** Makes sure the cluster runs with our role and databases; resolves to DATABASE_URL or null. */
/**
 * Starts (or finds) the cluster and resolves to its URL, or null when there is none to be had. A
 * cluster that is installed but does not come up at once (just restarted, still recovering) is
 * given a few more tries before that.
 */
async function ensureRunning() {
  for (let attempt = 1; ; attempt++) {
    const url = await ensureRunningOnce(attempt === 3);
    if (url || attempt === 3 || !isInstalled()) return url;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** True when PostgreSQL is installed here and ours to run (then FerretDB's data is in it, never in SQLite by surprise). */
export function isInstalled() {
  return Boolean(which('pg_ctlcluster')) && isRoot();
}

async function ensureRunningOnce(lastTry) {
  try {
    if (!(await provision()))
      return unavailable('not installed, and cannot install it here (needs root and apt-get)');
    if (!isRoot())
      return unavailable(
        'managing the system cluster needs root; set DATABASE_URL to use your own server',
      );
    const cluster = await findOrCreateCluster();
    if (cluster.running) {
      info(`postgres: cluster ${cluster.version}/${cluster.name} already running`);
    } else {
      info(`postgres: starting cluster ${cluster.version}/${cluster.name}...`);
      await run('pg_ctlcluster', [cluster.version, cluster.name, 'start']);
      fs.mkdirSync(RUN_DIR, { recursive: true });
      fs.writeFileSync(STARTED_BY_US, `${cluster.version}/${cluster.name}\n`);
    }
    await waitFor(() => isReady(cluster.port), { timeoutMs: 30_000 });
    await ensureRoleAndDatabases(cluster.port);
    await tuneDocumentDatabase(cluster.port);
    info(`postgres: ready on ${HOST}:${cluster.port}`);
    return `postgres://${ROLE}:${PASSWORD}@${HOST}:${cluster.port}`;
  } catch (error) {
    if (!lastTry) {
      info(`postgres: not ready yet (${error.message}); trying again`);
      return null;
    }
    return unavailable(error.message);
  }
}

async function stop() {
  const cluster = which('pg_lsclusters') ? findCluster() : null;
  fs.rmSync(STARTED_BY_US, { force: true });
  if (!cluster?.running) {
    info('postgres: not running');
    return false;
  }
  info(`postgres: stopping cluster ${cluster.version}/${cluster.name}...`);
  await run('pg_ctlcluster', [cluster.version, cluster.name, 'stop']);
  info('postgres: stopped');
  return true;
}

/** Stops the cluster only if we started it: a cluster that was already up is left alone. */
async function stopIfOurs() {
  if (fs.existsSync(STARTED_BY_US)) return stop();
  info('postgres: not started by us, leaving it as it is');
  return false;
}

function status() {
  const row = {
    component: 'postgres',
    engine: 'PostgreSQL',
    state: UNAVAILABLE,
    address: '-',
    dataDir: '-',
  };
  const cluster = which('pg_lsclusters') ? findCluster() : null;
  if (!cluster) return row;
  const pid = cluster.running ? serverPid(cluster) : null;
  return {
    ...row,
    engine: `PostgreSQL ${cluster.version} (${cluster.version}/${cluster.name})`,
    state: cluster.running ? `running${pid ? ` (pid ${pid})` : ''}` : 'stopped',
    address: `${HOST}:${cluster.port}`,
    dataDir: cluster.dataDir,
  };
}

export const postgres = {
  name: 'postgres',
  envVar: 'DATABASE_URL',
  isInstalled,
  provision,
  ensureRunning,
  start: ensureRunning,
  stop,
  stopIfOurs,
  status,
};
