#!/usr/bin/env node
// `npm run fuzz`: the full schemathesis run against the whole platform through the gateway (all six
// services started on ports 19580–19585 with their own topic and databases), without a token and
// with a token of each role, every phase (examples, coverage, fuzzing), FUZZ_MAX_EXAMPLES per
// operation (default 60). It is the bounded test of `npm test` (test/e2e/api-contract.e2e-spec.ts)
// with FUZZ_PROFILE=full; this prints its figures and keeps the reports in FUZZ_REPORT_DIR.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInfra } from './infra.mjs';
import { RUN_DIR } from './lib/config.mjs';
import { ensureSchemathesis } from './lib/schemathesis.mjs';
import { REPO_ROOT } from './lib/services.mjs';

const reportDir = process.env.FUZZ_REPORT_DIR || join(RUN_DIR, 'fuzz');
const summaryFile = join(reportDir, 'summary.json');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

const infra = await ensureInfra();
await ensureSchemathesis();
console.log('[fuzz] building the workspace');
if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);

const started = Date.now();
const jest = spawnSync(
  process.execPath,
  [
    join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--runInBand',
    '--forceExit',
    '--selectProjects=integration',
    '--testPathPatterns',
    'test/e2e/api-contract',
  ],
  {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...infra, FUZZ_PROFILE: 'full', FUZZ_REPORT_DIR: reportDir, FUZZ_SUMMARY_FILE: summaryFile },
  },
);

let runs = [];
try {
  runs = JSON.parse(readFileSync(summaryFile, 'utf8'));
} catch {
  console.log('[fuzz] no summary was written (the stack did not start?)');
}
console.log(
  `\n[fuzz] schemathesis, full run (${Math.round((Date.now() - started) / 1000)} s); reports in ${reportDir}`,
);
console.log('caller                     operations  examples  failing operations');
let failing = 0;
for (const run of runs) {
  const failed = run.operations.filter((operation) => operation.failures.length > 0);
  failing += failed.length;
  console.log(
    `${run.caller.padEnd(26)} ${String(run.tested).padStart(10)} ${String(run.examples).padStart(9)}  ${failed.length}`,
  );
  for (const operation of failed)
    console.log(`  ${operation.operation}: ${operation.failures[0].split('\n').slice(0, 3).join(' ')}`);
}
const total = runs.reduce((sum, run) => ({ tested: sum.tested + run.tested, examples: sum.examples + run.examples }), {
  tested: 0,
  examples: 0,
});
console.log(`total: ${total.tested} operations tried, ${total.examples} examples, ${failing} failing operations`);
process.exit(jest.status ?? 1);
