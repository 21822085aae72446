#!/usr/bin/env node
// `npm test`: starts the real infrastructure if it is not running (Kafka, FerretDB, PostgreSQL),
// builds the workspace (the integration tests start real service processes from dist/), runs
// the unit and integration tests in one jest run, and ends with one plain summary line.
//   npm test                    everything
//   npm test -- --selectProjects unit      only the unit tests (no infrastructure needed)
//   npm test -- libs/messaging  a path filter, as jest takes it
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInfra } from './infra.mjs';
import { ensureSchemathesis } from './lib/schemathesis.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const unitOnly = args.join(' ').includes('--selectProjects unit');

function run(command, commandArgs, env = process.env) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

if (!existsSync(join(root, 'node_modules'))) {
  console.log('[test] installing dependencies (npm install, versions pinned by the lockfile)');
  if (run('npm', ['install', '--no-audit', '--no-fund']) !== 0) process.exit(1);
}

let env = process.env;
if (!unitOnly) {
  // a broker the user brought (KAFKA_BROKERS) is never stopped by the outage tests
  const kafkaIsOurs = !process.env.KAFKA_BROKERS;
  const infra = await ensureInfra();
  env = { ...process.env, ...infra, FOODDELIVERY_KAFKA_IS_OURS: kafkaIsOurs ? 'true' : 'false' };
  // the API fuzz test runs schemathesis from its own virtualenv in the cache (pinned, made once)
  await ensureSchemathesis();
  console.log('[test] building the workspace');
  if (run('npm', ['run', '--silent', 'build']) !== 0) process.exit(1);
}

const resultsDir = mkdtempSync(join(tmpdir(), 'fooddelivery-jest-'));
const resultsFile = join(resultsDir, 'results.json');
// one worker: the integration suites share one broker and some stop it on purpose (outage tests)
const jestArgs = ['--runInBand', '--forceExit', '--json', `--outputFile=${resultsFile}`, ...(process.env.CI ? ['--ci'] : []), ...args];
const status = run(process.execPath, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...jestArgs], env);

let summary = 'tests: 0 passed, 1 failed (jest produced no results)';
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  summary = `tests: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests} skipped`;
}
rmSync(resultsDir, { recursive: true, force: true });
console.log(summary);
process.exit(status);
