// Lifecycle shared by the daemons we run ourselves (Kafka, FerretDB): provision once, start
// detached with a pid file, wait for a real protocol-level answer, stop with SIGTERM/SIGKILL.
import fs from 'node:fs';
import path from 'node:path';
import { RUN_DIR } from './config.mjs';
import { info, seconds, warn } from './log.mjs';
import { isAlive, livePid, spawnDetached, tailFile, terminate } from './proc.mjs';
import { isPortOpen, waitFor } from './probes.mjs';

/**
 * @param {object} spec
 * @param {string} spec.name          component name (kafka, mongo)
 * @param {string | ((variant: string) => string)} spec.engine  what actually runs, for status output
 * @param {string} spec.envVar        env var a user sets to bring their own instance
 * @param {string} spec.envValue      value of envVar pointing at our instance
 * @param {number} spec.port
 * @param {string} spec.dataDir
 * @param {string} spec.logFile       where the daemon's stdout/stderr go
 * @param {string[]} spec.diagnosticLogs  logs whose tail is printed when startup fails
 * @param {string} spec.processMarker substring of the daemon's command line (pid reuse guard)
 * @param {number} spec.readyTimeoutMs
 * @param {() => boolean} spec.isProvisioned
 * @param {() => Promise<void>} spec.provision
 * @param {() => Promise<void>} spec.prepare  runs before each start (config files etc.)
 * @param {(context: object) => {command: string, args: string[], cwd: string}} spec.command
 *   context: the env of the components started before this one (e.g. DATABASE_URL)
 * @param {() => Promise<boolean>} spec.isReady
 * @param {(context: object) => string} [spec.variant]  what the command line depends on (a
 *   backend); a running daemon of another variant is restarted
 * @param {(context: object) => Promise<void>} [spec.afterStart]  runs once it answers
 */
export function createDaemon(spec) {
  const pidFile = path.join(RUN_DIR, `${spec.name}.pid`);
  const address = `127.0.0.1:${spec.port}`;
  const variantFile = path.join(RUN_DIR, `${spec.name}.variant`);
  const pid = () => livePid(pidFile, spec.processMarker);
  const runningVariant = () => {
    try {
      return fs.readFileSync(variantFile, 'utf8');
    } catch {
      return '';
    }
  };

  async function provision() {
    if (!spec.isProvisioned()) await spec.provision();
  }

  const engine = (variant) => (typeof spec.engine === 'function' ? spec.engine(variant) : spec.engine);

  async function waitReady(daemonPid) {
    const started = Date.now();
    await waitFor(spec.isReady, {
      timeoutMs: spec.readyTimeoutMs,
      failFast: () => (isAlive(daemonPid, spec.processMarker) ? null : 'exited during startup'),
    });
    info(`${spec.name}: ready on ${address} (${seconds(started)})`);
  }

  /** Starts the daemon unless it already runs; resolves once it answers requests. */
  async function start(context = {}) {
    await provision();
    const variant = spec.variant?.(context) ?? '';
    let running = pid();
    if (running && runningVariant() !== variant) {
      info(`${spec.name}: running as ${runningVariant() || 'an older setup'}, restarting it as ${variant}`);
      await stop();
      running = null;
    }
    if (running) {
      info(`${spec.name}: already running (pid ${running})`);
      await waitReady(running);
      return spec.afterStart?.(context);
    }
    if (await isPortOpen(spec.port)) {
      throw new Error(
        `${spec.name}: port ${spec.port} is taken by a process we did not start. Stop it, or set ` +
          `${spec.envVar} to use it, or pick another port (FOODDELIVERY_${spec.name.toUpperCase()}_PORT).`,
      );
    }
    await spec.prepare();
    const { command, args, cwd } = spec.command(context);
    const daemonPid = spawnDetached(command, args, { cwd, logFile: spec.logFile, pidFile });
    fs.writeFileSync(variantFile, variant);
    info(`${spec.name}: started ${engine(variant)} (pid ${daemonPid}), waiting until it answers...`);
    try {
      await waitReady(daemonPid);
      await spec.afterStart?.(context);
    } catch (error) {
      for (const log of spec.diagnosticLogs) {
        const tail = tailFile(log);
        if (tail) warn(`--- last lines of ${log} ---\n${tail}`);
      }
      // Don't leave a half-started daemon behind for the next `up` to wait on again.
      await terminate(daemonPid, { marker: spec.processMarker, graceMs: 5_000 });
      fs.rmSync(pidFile, { force: true });
      fs.rmSync(variantFile, { force: true });
      throw new Error(`${spec.name}: ${error.message}`);
    }
  }

  /** Stops the daemon if we started it. Resolves to true when something was stopped. */
  async function stop() {
    const running = pid();
    if (!running) {
      info(`${spec.name}: not running`);
      return false;
    }
    info(`${spec.name}: stopping pid ${running}...`);
    const how = await terminate(running, { marker: spec.processMarker });
    fs.rmSync(pidFile, { force: true });
    fs.rmSync(variantFile, { force: true });
    info(`${spec.name}: stopped${how === 'SIGKILL' ? ' (had to SIGKILL)' : ''}`);
    return true;
  }

  function status() {
    const running = pid();
    let state = 'stopped';
    if (running) state = `running (pid ${running})`;
    else if (!spec.isProvisioned()) state = 'stopped (not provisioned)';
    const variant = running ? runningVariant() : '';
    return { component: spec.name, engine: engine(variant), state, address, dataDir: spec.dataDir };
  }

  return {
    name: spec.name,
    envVar: spec.envVar,
    provision,
    /** Makes sure the daemon runs and answers; resolves to the env value for the services. */
    async ensureRunning(context = {}) {
      await start(context);
      return spec.envValue;
    },
    start,
    stop,
    stopIfOurs: stop, // everything behind our pid file is ours
    status,
  };
}
