#!/usr/bin/env node
// `npm start`: brings up the local infrastructure, builds the workspace and runs every service
// under a small supervisor (prefixed logs, restart with backoff, readiness summary).
// FOODDELIVERY_SERVICES=app,pay starts a subset. Ctrl-C stops the services; infra keeps running.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureInfra } from './infra.mjs';
import { REPO_ROOT, SERVICES, selectServices } from './lib/services.mjs';
import { RUN_DIR } from './lib/config.mjs';
import { gatewaySigningKeys, tokenEnvironment } from './lib/token-keys.mjs';

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** A service that stayed up this long is considered healthy again: its backoff starts over. */
const STABLE_AFTER_MS = 60_000;

const NAME_WIDTH = Math.max(...SERVICES.map((service) => service.name.length));
const COLORS = [36, 32, 33, 35, 34, 91]; // ANSI cyan, green, yellow, magenta, blue, bright red
const useColor = Boolean(process.stdout.isTTY);

let shuttingDown = false;

function say(message) {
  console.log(`[start] ${message}`);
}

function labelFor(service) {
  const name = service.name.padEnd(NAME_WIDTH);
  const color = COLORS[SERVICES.indexOf(service) % COLORS.length];
  return useColor ? `\x1b[${color}m${name}\x1b[0m |` : `${name} |`;
}

/** Runs a command in the repo root with the terminal attached; rejects on failure. */
function runInRepo(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`),
          ),
    );
  });
}

async function installAndBuild(services) {
  if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules'))) {
    // npm install (not ci): the lockfile pins versions, but the registry may lack other platforms'
    // optional native packages, which npm ci refuses to do without
    say('node_modules is missing: running npm install (versions pinned by package-lock.json)...');
    await runInRepo('npm', ['install', '--no-audit', '--no-fund']);
  }
  say('building (npm run build, incremental)...');
  await runInRepo('npm', ['run', 'build']);
  const missing = services.filter((service) => !fs.existsSync(path.join(REPO_ROOT, service.main)));
  if (missing.length > 0) {
    throw new Error(`build produced no ${missing.map((service) => service.main).join(', ')}`);
  }
}

function printLines(stream, label) {
  readline.createInterface({ input: stream }).on('line', (line) => console.log(`${label} ${line}`));
}

/** Runs one service and restarts it with exponential backoff whenever it exits unexpectedly. */
function supervise(service, env) {
  const label = labelFor(service);
  const state = {
    child: null,
    exited: null,
    stopping: false,
    failures: 0,
    restartTimer: null,
    label,
  };

  const launch = () => {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [service.main], {
      cwd: REPO_ROOT,
      env: { ...env, ...tokenEnvironment(service.name, env), PORT: String(service.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    state.child = child;
    state.exited = new Promise((resolve) => child.once('exit', resolve));
    printLines(child.stdout, label);
    printLines(child.stderr, label);
    child.on('error', (error) => console.log(`${label} could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      state.child = null;
      if (state.stopping) return;
      if (Date.now() - startedAt >= STABLE_AFTER_MS) state.failures = 0;
      const delay = Math.min(1000 * 2 ** state.failures, MAX_RESTART_DELAY_MS);
      state.failures += 1;
      const reason = signal ? `signal ${signal}` : `exit code ${code}`;
      console.log(`${label} exited unexpectedly (${reason}); restarting in ${delay / 1000}s`);
      state.restartTimer = setTimeout(launch, delay);
    });
  };

  launch();
  return state;
}

/** SIGTERM to every service, SIGKILL to those still running after the grace period. */
async function stopAll(supervisors) {
  for (const state of supervisors) {
    state.stopping = true;
    clearTimeout(state.restartTimer);
    state.child?.kill('SIGTERM');
  }
  const running = supervisors.filter((state) => state.child);
  const allExited = Promise.all(running.map((state) => state.exited));
  const graceOver = sleep(STOP_GRACE_MS, 'timeout', { ref: false });
  if ((await Promise.race([allExited, graceOver])) === 'timeout') {
    for (const state of running.filter((candidate) => candidate.child)) {
      console.log(`${state.label} did not stop within ${STOP_GRACE_MS / 1000}s: SIGKILL`);
      state.child.kill('SIGKILL');
    }
    await allExited;
  }
}

function handleShutdownSignals(supervisors) {
  const shutdown = async (signal) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`${signal}: stopping services...`);
    await stopAll(supervisors);
    say('services stopped. The infrastructure (Kafka, FerretDB, PostgreSQL) keeps running;');
    say('`npm run infra:down` stops it.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** Polls /health/ready of each service until all answer 200; resolves to those that never did. */
async function waitUntilReady(services) {
  const lastAnswer = new Map(services.map((service) => [service.name, 'no answer yet']));
  const pending = new Set(services);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (pending.size > 0 && Date.now() < deadline && !shuttingDown) {
    await Promise.all(
      [...pending].map(async (service) => {
        try {
          const response = await fetch(`http://127.0.0.1:${service.port}/health/ready`, {
            signal: AbortSignal.timeout(2000),
          });
          const body = await response.text();
          if (response.status === 200) pending.delete(service);
          else lastAnswer.set(service.name, `HTTP ${response.status}: ${body.slice(0, 300)}`);
        } catch (error) {
          lastAnswer.set(service.name, error.cause?.code ?? error.message);
        }
      }),
    );
    if (pending.size > 0) await sleep(500);
  }
  return [...pending].map((service) => ({ service, lastAnswer: lastAnswer.get(service.name) }));
}

function printSummary(services, started) {
  const elapsed = ((Date.now() - started) / 1000).toFixed(1);
  say(`all ${services.length} service(s) ready in ${elapsed}s`);
  if (services.some((service) => service.name === 'gateway')) {
    say('Gateway: http://127.0.0.1:8080');
    say('try:     http POST :8080/auth/token username=alice password=password');
  } else {
    for (const service of services) say(`${service.name}: http://127.0.0.1:${service.port}`);
  }
  say('infra:   npm run infra:status');
  say('Ctrl-C stops the services (the infrastructure keeps running).');
}

async function main() {
  const started = Date.now();
  const services = selectServices();
  const infraEnv = await ensureInfra();
  await installAndBuild(services);

  const env = { ...process.env, ...infraEnv, NODE_ENV: 'development' };
  const { file: keyFile } = gatewaySigningKeys(env);
  if (keyFile) say(`JWT: the gateway signs with the development key in ${keyFile} (set JWT_SIGNING_KEYS to use your own)`);
  delete env.LOG_PRETTY;
  const supervisors = services.map((service) => supervise(service, env));
  handleShutdownSignals(supervisors);

  say(`waiting for ${services.map((service) => service.name).join(', ')} to report ready...`);
  const notReady = await waitUntilReady(services);
  if (shuttingDown) return;
  if (notReady.length === 0) return printSummary(services, started);
  say(`not ready after ${READY_TIMEOUT_MS / 1000}s (still running, still supervised):`);
  for (const { service, lastAnswer } of notReady)
    say(`  ${service.name} (:${service.port}): ${lastAnswer}`);
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
