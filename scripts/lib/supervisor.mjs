// Runs the services as child processes, each in one or more replicas, and keeps them running:
// prefixed logs, restart with backoff after an unexpected exit, readiness polling, and a rolling
// restart that takes one replica down at a time and waits until its successor is ready.
// Used by `npm start` (with `npm run rollout <service>` through its control port) and by the chaos run.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, SERVICES } from './services.mjs';
import { tokenEnvironment } from './token-keys.mjs';

const MAX_RESTART_DELAY_MS = 30_000;
/** A process that stayed up this long is healthy again: its backoff starts over. */
const STABLE_AFTER_MS = 60_000;
export const STOP_GRACE_MS = 15_000;
/** Replica n listens on the service's port + n × this (app: 8081, 8181, 8281). */
export const REPLICA_PORT_STEP = 100;
const MAX_REPLICAS = 4;
/** A replicated service stays unready this long after SIGTERM before it closes: ≥ 2 gateway checks. */
export const REPLICA_SHUTDOWN_DELAY_MS = 2500;

const URL_VARIABLES = { app: 'APP_URL', pay: 'PAY_URL', store: 'STORE_URL', customer: 'CUSTOMER_URL', marketing: 'MARKETING_URL' };
const COLORS = [36, 32, 33, 35, 34, 91];

/**
 * FOODDELIVERY_REPLICAS=app=2,store=2 → Map { app → 2, store → 2 }; every other service has one.
 * Throws with a message naming the problem.
 */
export function parseReplicas(text = process.env.FOODDELIVERY_REPLICAS) {
  const replicas = new Map(SERVICES.map((service) => [service.name, 1]));
  if (!text) return replicas;
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z]+)=(\d+)$/.exec(entry);
    if (!match) throw new Error(`FOODDELIVERY_REPLICAS: "${entry}" must look like service=count (e.g. app=2,store=2)`);
    const [, name, countText] = match;
    if (!replicas.has(name)) throw new Error(`FOODDELIVERY_REPLICAS: unknown service "${name}" (known: ${SERVICES.map((s) => s.name).join(', ')})`);
    const count = Number(countText);
    if (count < 1 || count > MAX_REPLICAS) throw new Error(`FOODDELIVERY_REPLICAS: ${name}=${count}: between 1 and ${MAX_REPLICAS}`);
    replicas.set(name, count);
  }
  return replicas;
}

/** One running (or restarting) replica. */
class Instance {
  constructor(service, index, port, label) {
    this.service = service;
    this.index = index;
    this.port = port;
    this.label = label;
    this.child = null;
    this.exited = Promise.resolve();
    /** Not restarted after it exits (stopping, or held down on purpose). */
    this.held = false;
    this.failures = 0;
    this.restartTimer = null;
    this.starts = 0;
  }

  get name() {
    return this.index === 0 ? this.service.name : `${this.service.name}#${this.index + 1}`;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid() {
    return this.child?.pid;
  }
}

export class Supervisor {
  /**
   * @param {object} options
   * @param {typeof SERVICES} options.services the services to run
   * @param {Map<string, number>} [options.replicas] replicas per service (parseReplicas)
   * @param {Record<string, string>} options.env environment of every process
   * @param {(instance: Instance) => Record<string, string>} [options.envFor] extra variables per process
   * @param {Record<string, number>} [options.ports] first replica's port per service (default: the usual 8080…)
   * @param {(label: string, line: string) => void} [options.print] where the processes' output goes
   * @param {(message: string) => void} [options.say] the supervisor's own messages
   */
  constructor({ services, replicas = parseReplicas(''), env, envFor = () => ({}), ports = {}, print, say = (message) => console.log(`[start] ${message}`) }) {
    this.env = env;
    this.envFor = envFor;
    this.say = say;
    this.print = print ?? ((label, line) => console.log(`${label} ${line}`));
    this.stopping = false;
    const width = Math.max(...services.map((service) => service.name.length)) + (Math.max(...replicas.values()) > 1 ? 2 : 0);
    const useColor = Boolean(process.stdout.isTTY);
    this.instances = [];
    for (const service of services) {
      const count = replicas.get(service.name) ?? 1;
      const base = ports[service.name] ?? service.port;
      for (let index = 0; index < count; index++) {
        const instance = new Instance(service, index, base + index * REPLICA_PORT_STEP, '');
        const color = COLORS[SERVICES.findIndex((known) => known.name === service.name) % COLORS.length];
        const name = instance.name.padEnd(width);
        instance.label = useColor ? `\x1b[${color}m${name}\x1b[0m |` : `${name} |`;
        this.instances.push(instance);
      }
    }
  }

  /** The replicas of one service. */
  of(name) {
    return this.instances.filter((instance) => instance.service.name === name);
  }

  /** APP_URL=http://127.0.0.1:8081,http://127.0.0.1:8181 … for the callers (gateway, app → pay). */
  upstreamVariables() {
    const variables = {};
    for (const [name, variable] of Object.entries(URL_VARIABLES)) {
      const replicas = this.of(name);
      if (replicas.length > 0) variables[variable] = replicas.map((instance) => instance.url).join(',');
    }
    return variables;
  }

  environmentOf(instance) {
    const replicated = this.of(instance.service.name).length > 1;
    return {
      ...this.env,
      ...this.upstreamVariables(),
      ...tokenEnvironment(instance.service.name, this.env),
      // a replica about to stop stays unready a moment first, so the gateway has stopped sending to it
      ...(replicated && !this.env.SHUTDOWN_DELAY_MS ? { SHUTDOWN_DELAY_MS: String(REPLICA_SHUTDOWN_DELAY_MS) } : {}),
      ...this.envFor(instance),
      PORT: String(instance.port),
    };
  }

  startAll() {
    for (const instance of this.instances) this.launch(instance);
  }

  launch(instance) {
    instance.held = false;
    clearTimeout(instance.restartTimer);
    const startedAt = Date.now();
    instance.starts += 1;
    const child = spawn(process.execPath, [instance.service.main], {
      cwd: REPO_ROOT,
      env: this.environmentOf(instance),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    instance.child = child;
    instance.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => this.print(instance.label, line));
    }
    child.on('error', (error) => this.print(instance.label, `could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (instance.child === child) instance.child = null;
      if (this.stopping || instance.held) return;
      if (Date.now() - startedAt >= STABLE_AFTER_MS) instance.failures = 0;
      const delay = Math.min(1000 * 2 ** instance.failures, MAX_RESTART_DELAY_MS);
      instance.failures += 1;
      this.print(instance.label, `exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); restarting in ${delay / 1000}s`);
      instance.restartTimer = setTimeout(() => this.launch(instance), delay);
    });
    return instance;
  }

  /** SIGTERM (SIGKILL after the grace period); the instance stays down until `launch`. */
  async stop(instance, { grace = STOP_GRACE_MS } = {}) {
    instance.held = true;
    clearTimeout(instance.restartTimer);
    const child = instance.child;
    if (!child) return undefined;
    child.kill('SIGTERM');
    const outcome = await Promise.race([instance.exited, sleep(grace, 'timeout', { ref: false })]);
    if (outcome === 'timeout') {
      this.print(instance.label, `did not stop within ${grace / 1000}s: SIGKILL`);
      child.kill('SIGKILL');
      return instance.exited;
    }
    return outcome;
  }

  /** A signal as a crash would be (SIGKILL): the supervisor restarts it with its backoff, unless held. */
  kill(instance, signal = 'SIGKILL', { hold = false } = {}) {
    if (hold) instance.held = true;
    instance.child?.kill(signal);
    return instance.exited;
  }

  async stopAll() {
    this.stopping = true;
    await Promise.all(this.instances.map((instance) => this.stop(instance)));
  }

  /** Resolves once the instance answers 200 on /health/ready; rejects after `timeoutMs`. */
  async waitReady(instance, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline && !this.stopping) {
      last = await readiness(instance);
      if (last === 'ready') return;
      await sleep(250);
    }
    throw new Error(`${instance.name} (:${instance.port}) not ready after ${timeoutMs / 1000}s: ${last}`);
  }

  /** Waits for every instance; resolves to those that never became ready, with their last answer. */
  async waitAllReady(timeoutMs = 120_000) {
    const failures = [];
    await Promise.all(
      this.instances.map((instance) =>
        this.waitReady(instance, timeoutMs).catch((error) => failures.push({ instance, problem: error.message })),
      ),
    );
    return failures;
  }

  /**
   * Rolling restart of a service: one replica at a time is stopped (SIGTERM: unready, drain, exit),
   * started again and awaited until ready before the next one goes. With two or more replicas the
   * service never stops answering; with one, it is down while it restarts (said so).
   */
  async rollout(name, report = this.say) {
    const replicas = this.of(name);
    if (replicas.length === 0) throw new Error(`${name} is not running here`);
    if (replicas.length === 1) report(`${name} has one replica: it is unavailable while it restarts (FOODDELIVERY_REPLICAS=${name}=2 avoids that)`);
    for (const instance of replicas) {
      const started = Date.now();
      report(`${instance.name}: stopping (pid ${instance.pid ?? '-'})`);
      const exit = await this.stop(instance);
      report(`${instance.name}: stopped (${exit?.signal ?? `exit code ${exit?.code}`}); starting`);
      this.launch(instance);
      await this.waitReady(instance);
      report(`${instance.name}: ready again (pid ${instance.pid}) after ${((Date.now() - started) / 1000).toFixed(1)}s`);
    }
    report(`${name}: rollout done`);
  }

  describe() {
    return this.instances.map((instance) => ({ name: instance.name, service: instance.service.name, port: instance.port, pid: instance.pid ?? null, starts: instance.starts }));
  }
}

async function readiness(instance) {
  try {
    const response = await fetch(`${instance.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
    const body = await response.text();
    return response.status === 200 ? 'ready' : `HTTP ${response.status}: ${body.slice(0, 300)}`;
  } catch (error) {
    return error.cause?.code ?? error.message;
  }
}
