import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from './kafka';

export const REPO = join(__dirname, '..', '..');

export interface RunningService {
  name: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  url: (path: string) => string;
  stop: () => Promise<number | null>;
}

/** Starts a built service (`<name>/dist/main.js`) as its own process, as the launcher does. */
export function startService(name: string, port: number, env: Record<string, string>): RunningService {
  const child = spawn(process.execPath, [join(REPO, name, 'dist', 'main.js')], {
    cwd: REPO,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    name,
    port,
    process: child,
    output: () => output,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (metrics)
  }
  return { status: response.status, body };
}

export async function waitUntilReady(service: RunningService, timeoutMs = 60_000): Promise<void> {
  await eventually(
    async () => {
      if (service.process.exitCode !== null) throw new Error(`${service.name} exited:\n${service.output()}`);
      return (await getJson(service.url('/health/ready')).catch(() => ({ status: 0 }))).status === 200;
    },
    timeoutMs,
    `${service.name} to be ready`,
  );
}
