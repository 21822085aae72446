// Progress output for the infra scripts. Routine messages respect `quiet`; long steps (downloads,
// builds) always announce themselves and show an elapsed-time ticker, so nobody stares at a
// silent terminal for two minutes.

let quiet = false;

export function setQuiet(value) {
  quiet = Boolean(value);
}

export function info(message) {
  if (!quiet) console.log(`[infra] ${message}`);
}

export function warn(message) {
  console.warn(`[infra] ${message}`);
}

export function seconds(sinceMs) {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)}s`;
}

/**
 * Runs `task` (an async function) while showing elapsed time: a self-updating line on a TTY,
 * a "still running" line every 15 s otherwise (CI logs).
 */
export async function withTicker(label, task) {
  const started = Date.now();
  const tty = Boolean(process.stdout.isTTY);
  console.log(`[infra] ${label}...`);
  const timer = setInterval(
    () => {
      if (tty) process.stdout.write(`\r\x1b[K[infra]   ... ${seconds(started)}`);
      else console.log(`[infra]   ... still running (${seconds(started)})`);
    },
    tty ? 1000 : 15000,
  );
  const clearTicker = () => {
    clearInterval(timer);
    if (tty) process.stdout.write('\r\x1b[K');
  };
  try {
    const result = await task();
    clearTicker();
    console.log(`[infra] ${label}: done in ${seconds(started)}`);
    return result;
  } catch (error) {
    clearTicker();
    throw error;
  }
}
