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
const PASSWORD = 'fooddelivery';
const DATABASES = [
  'fooddelivery_gateway',
  'fooddelivery_pay',
  'fooddelivery_store',
  'fooddelivery_marketing',
  'fooddelivery_test',
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
  const commands = statements.flatMap((sql) => ['-c', sql]); // each -c is its own transaction
  const psqlArgs = ['-X', '-p', String(port), '-v', 'ON_ERROR_STOP=1', '-tA', ...commands];
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

const isReady = (port) =>
  run('pg_isready', ['-q', '-h', HOST, '-p', String(port)]).then(
    () => true,
    () => false,
  );

/** Makes sure the cluster runs with our role and databases; resolves to DATABASE_URL or null. */
async function ensureRunning() {
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
    info(`postgres: ready on ${HOST}:${cluster.port}`);
    return `postgres://${ROLE}:${PASSWORD}@${HOST}:${cluster.port}`;
  } catch (error) {
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
  provision,
  ensureRunning,
  start: ensureRunning,
  stop,
  stopIfOurs,
  status,
};
