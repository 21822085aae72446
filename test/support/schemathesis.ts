import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './service-process';

/** The pinned schemathesis in its virtualenv (made by scripts/lib/schemathesis.mjs, outside the repo). */
export function schemathesisBin(): string {
  const cache = process.env.FOODDELIVERY_CACHE ?? join(homedir(), '.cache', 'fooddelivery');
  return join(cache, 'schemathesis-venv', 'bin', 'st');
}

/**
 * Makes the virtualenv if it is not there yet (`npm test` already did; idempotent, ~15 s the first
 * time). In a child process: the provisioning script is an ES module, which jest cannot load.
 */
export async function ensureSchemathesis(): Promise<string> {
  const script = join(REPO, 'scripts', 'lib', 'schemathesis.mjs');
  const code = `import(${JSON.stringify(script)}).then((m) => m.ensureSchemathesis()).catch((e) => { console.error(e.message); process.exit(1); })`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      status === 0 ? resolve() : reject(new Error(`schemathesis could not be installed: ${errors}`)),
    );
  });
  return schemathesisBin();
}

export interface FuzzRun {
  /** Who calls: the name of the role whose token is sent, or `anonymous`. */
  caller: string;
  token?: string;
  maxExamples: number;
  phases: string;
  /** schemathesis filter options, e.g. ['--exclude-operation-id', 'pay.gatewayAdmin.configure']. */
  filters?: string[];
}

export interface OperationOutcome {
  /** `GET /orders/{orderId}` */
  operation: string;
  /** What failed, as schemathesis reports it; empty when every check passed. */
  failures: string[];
  skipped: boolean;
}

export interface FuzzOutcome {
  caller: string;
  exitCode: number | null;
  operations: OperationOutcome[];
  /** Operations schemathesis tested, and the test cases it generated and sent (from its JSON report). */
  tested: number;
  examples: number;
  /** Failures by kind, as the JSON report groups them. */
  failureKinds: { title: string; count: number; operations: string[] }[];
  output: string;
}

export const FUZZ_CHECKS = 'not_a_server_error,response_schema_conformance,error_shape';

/** Runs schemathesis once against a schema URL and reads what it did from its JUnit and NDJSON reports. */
export async function runSchemathesis(schemaUrl: string, run: FuzzRun, reportDir: string): Promise<FuzzOutcome> {
  mkdirSync(reportDir, { recursive: true });
  const junit = join(reportDir, `${run.caller}.junit.xml`);
  const json = join(reportDir, `${run.caller}.json`);
  const args = [
    'run',
    schemaUrl,
    '--checks',
    FUZZ_CHECKS,
    '--max-examples',
    String(run.maxExamples),
    '--phases',
    run.phases,
    '--workers',
    '2',
    '--seed',
    '20261203',
    '--request-timeout',
    '15',
    '--suppress-health-check',
    'all',
    '--continue-on-failure',
    '--report',
    'junit,json',
    '--report-junit-path',
    junit,
    '--report-json-path',
    json,
    '--output-truncate',
    'true',
    ...(run.token ? ['--header', `Authorization: Bearer ${run.token}`] : []),
    ...(run.filters ?? []),
  ];
  const env = {
    ...process.env,
    SCHEMATHESIS_HOOKS: 'schemathesis_hooks',
    PYTHONPATH: join(REPO, 'test', 'support'),
    NO_COLOR: '1',
  };
  const { exitCode, output } = await new Promise<{ exitCode: number | null; output: string }>((resolve, reject) => {
    const child = spawn(schemathesisBin(), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code, output: text }));
  });
  if (!existsSync(junit) || !existsSync(json))
    throw new Error(`schemathesis (${run.caller}) wrote no report; exit ${exitCode}:\n${output}`);
  const report = JSON.parse(readFileSync(json, 'utf8')) as JsonReport;
  return {
    caller: run.caller,
    exitCode,
    operations: parseJunit(readFileSync(junit, 'utf8')),
    tested: report.operations.tested,
    examples: report.test_cases.generated,
    failureKinds: report.failures.map(({ title, count, operations }) => ({ title, count, operations })),
    output,
  };
}

/** One <testcase> per operation; <failure>/<error> children say what went wrong, <skipped> that it was not tried. */
export function parseJunit(xml: string): OperationOutcome[] {
  const outcomes: OperationOutcome[] = [];
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const name = /\bname="([^"]*)"/.exec(match[1])?.[1] ?? '?';
    const body = match[3] ?? '';
    const failures = [...body.matchAll(/<(failure|error)\b([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/g)].map((failure) =>
      decodeXml(`${/\bmessage="([^"]*)"/.exec(failure[2])?.[1] ?? ''} ${failure[4] ?? ''}`.trim()),
    );
    outcomes.push({ operation: decodeXml(name), failures, skipped: /<skipped\b/.test(body) });
  }
  return outcomes;
}

interface JsonReport {
  operations: { tested: number };
  test_cases: { generated: number };
  failures: { title: string; count: number; operations: string[] }[];
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#10;/g, '\n')
    .replace(/&amp;/g, '&');
}
