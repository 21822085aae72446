#!/usr/bin/env node
// `npm start`: brings up the local infrastructure, builds the workspace and runs every service
// under a small supervisor (prefixed logs, restart with backoff, readiness summary), each service in
// one or more replicas (FOODDELIVERY_REPLICAS=app=2,store=2; `npm run rollout <service>` restarts them
// one at a time through the control port).
// FOODDELIVERY_SERVICES=app,pay starts a subset. Ctrl-C stops the services; infra keeps running.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ensureInfra } from './infra.mjs';
import { REPO_ROOT, selectServices } from './lib/services.mjs';
import { Supervisor, parseReplicas } from './lib/supervisor.mjs';
import { gatewaySigningKeys } from './lib/token-keys.mjs';

const READY_TIMEOUT_MS = 120_000;
/** Where `npm run rollout` reaches this supervisor (127.0.0.1 only). */
export const CONTROL_PORT = Number(process.env.FOODDELIVERY_CONTROL_PORT ?? 8099);

let shuttingDown = false;
let rollingOut;

function say(message) {
  console.log(`[start] ${message}`);
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

function handleShutdownSignals(supervisor, control) {
  const shutdown = async (signal) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`${signal}: stopping services...`);
    control?.close();
    await supervisor.stopAll();
    say('services stopped. The infrastructure (Kafka, FerretDB, PostgreSQL) keeps running;');
    say('`npm run infra:down` stops it.');
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function printSummary(supervisor, started) {
  const elapsed = ((Date.now() - started) / 1000).toFixed(1);
  const services = [...new Set(supervisor.instances.map((instance) => instance.service))];
  say(`all ${supervisor.instances.length} process(es) of ${services.length} service(s) ready in ${elapsed}s`);
  const replicated = services.filter((service) => supervisor.of(service.name).length > 1);
  for (const service of replicated) {
    say(`${service.name}: ${supervisor.of(service.name).map((instance) => `:${instance.port}`).join(', ')} (npm run rollout ${service.name} restarts them one at a time)`);
  }
  if (services.some((service) => service.name === 'gateway')) {
    say('Gateway: http://127.0.0.1:8080');
    say('web:     http://127.0.0.1:8080/ (log in as alice, owner1 or admin, password "password"; or sign up)');
    say('try:     http POST :8080/auth/token username=alice password=password');
  } else {
    for (const service of services) say(`${service.name}: http://127.0.0.1:${service.port}`);
  }
  say('infra:   npm run infra:status');
  say('Ctrl-C stops the services (the infrastructure keeps running).');
}

/**
 * The supervisor's control port (127.0.0.1 only): `POST /rollout/<service>` restarts a service's
 * replicas one at a time and streams the progress (what `npm run rollout <service>` shows);
 * `GET /instances` lists the running processes.
 */
function startControl(supervisor) {
  const server = http.createServer(async (request, response) => {
    const rollout = /^\/rollout\/([a-z]+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && request.url === '/instances') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(supervisor.describe()));
      return;
    }
    if (request.method !== 'POST' || !rollout) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('POST /rollout/<service> or GET /instances\n');
      return;
    }
    if (rollingOut) {
      response.writeHead(409, { 'content-type': 'text/plain' }).end(`a rollout of ${rollingOut} is under way\n`);
      return;
    }
    rollingOut = rollout[1];
    response.writeHead(200, { 'content-type': 'text/plain' });
    const report = (message) => {
      say(`rollout: ${message}`);
      response.write(`${message}\n`);
    };
    try {
      await supervisor.rollout(rollout[1], report);
      response.end('OK\n');
    } catch (error) {
      report(`failed: ${error.message}`);
      response.end('FAILED\n');
    } finally {
      rollingOut = undefined;
    }
  });
  server.on('error', (error) => say(`control port ${CONTROL_PORT} not available (${error.code}): npm run rollout will not reach this stack`));
  server.listen(CONTROL_PORT, '127.0.0.1');
  return server;
}

async function main() {
  const started = Date.now();
  const services = selectServices();
  const replicas = parseReplicas();
  const infraEnv = await ensureInfra();
  await installAndBuild(services);

  const env = { ...process.env, ...infraEnv, NODE_ENV: 'development' };
  delete env.LOG_PRETTY;
  const { file: keyFile } = gatewaySigningKeys(env);
  if (keyFile) say(`JWT: the gateway signs with the development key in ${keyFile} (set JWT_SIGNING_KEYS to use your own)`);
  const supervisor = new Supervisor({ services, replicas, env, say });
  supervisor.startAll();
  const control = startControl(supervisor);
  handleShutdownSignals(supervisor, control);

  const names = supervisor.instances.map((instance) => `${instance.name} (:${instance.port})`);
  say(`waiting for ${names.join(', ')} to report ready...`);
  const notReady = await supervisor.waitAllReady(READY_TIMEOUT_MS);
  if (shuttingDown) return;
  if (notReady.length === 0) return printSummary(supervisor, started);
  say(`not ready after ${READY_TIMEOUT_MS / 1000}s (still running, still supervised):`);
  for (const { problem } of notReady) say(`  ${problem}`);
}

main().catch((error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
