// Process helpers: running tools to completion, starting detached daemons, pid files.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Absolute path of an executable on PATH, or null. */
export function which(command) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export function lastLines(text, count = 30) {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/**
 * Runs a command to completion and resolves to its stdout. Output is captured (and shown as a
 * tail when the command fails) unless `stream` is set, in which case it goes to our terminal.
 */
export function run(command, args, { cwd, env, stream = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: env ? { ...process.env, ...env } : process.env,
      stdio: ['ignore', stream ? 'inherit' : 'pipe', stream ? 'inherit' : 'pipe'],
    });
    let stdout = '';
    let output = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(stdout);
      const status = signal ? `signal ${signal}` : `exit code ${code}`;
      const tail = output ? `\n${lastLines(output)}` : '';
      reject(new Error(`${command} ${args.join(' ')} failed (${status})${tail}`));
    });
  });
}

/**
 * Starts a daemon that outlives this script: own process group, stdin closed, stdout/stderr
 * appended to `logFile`, pid written to `pidFile`.
 */
export function spawnDetached(command, args, { cwd, logFile, pidFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.mkdirSync(path.dirname(pidFile), { recursive: true });
  const fd = fs.openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', fd, fd] });
    child.on('error', () => {}); // a failed exec surfaces as a missing pid below
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    child.unref();
    fs.writeFileSync(pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * True when `pid` is a live (non-zombie) process whose command line contains `marker`. The
 * marker guards against a stale pid file whose pid was reused by an unrelated process.
 */
export function isAlive(pid, marker) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== 'EPERM') return false;
  }
  if (!fs.existsSync('/proc/self')) return true; // no procfs (macOS): trust kill(0)
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat[stat.lastIndexOf(')') + 2] === 'Z') return false;
    return !marker || fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

/** The pid recorded in `pidFile` if that process is still alive; a stale file is removed. */
export function livePid(pidFile, marker) {
  let pid;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10);
  } catch {
    return null;
  }
  if (isAlive(pid, marker)) return pid;
  fs.rmSync(pidFile, { force: true });
  return null;
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL. Resolves once the process is gone. */
export async function terminate(pid, { marker, graceMs = 20_000 } = {}) {
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, marker, graceMs)) return 'SIGTERM';
  signal(pid, 'SIGKILL');
  await waitForExit(pid, marker, 5_000);
  return 'SIGKILL';
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

async function waitForExit(pid, marker, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid, marker)) return true;
    await sleep(200);
  }
  return !isAlive(pid, marker);
}

/** Last `count` lines of a log file (reading at most its last 64 KiB), or '' if it is missing. */
export function tailFile(file, count = 30) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return lastLines(buffer.toString('utf8'), count);
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
