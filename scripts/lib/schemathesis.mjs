// schemathesis (the API fuzzer, from PyPI) in a virtualenv of its own, in the cache outside the repo
// so every clone reuses it. Provisioned idempotently: a marker file holds the pinned version.
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from './config.mjs';
import { withTicker } from './log.mjs';
import { run, which } from './proc.mjs';

export const SCHEMATHESIS_VERSION = '4.32.5';

const VENV_DIR = path.join(CACHE_DIR, 'schemathesis-venv');
const PROVISIONED_MARKER = path.join(VENV_DIR, '.provisioned');
const BIN_DIR = path.join(VENV_DIR, process.platform === 'win32' ? 'Scripts' : 'bin');

/** The `st` executable inside the virtualenv. */
export const SCHEMATHESIS_BIN = path.join(BIN_DIR, 'st');

function isProvisioned() {
  try {
    return fs.readFileSync(PROVISIONED_MARKER, 'utf8') === SCHEMATHESIS_VERSION && fs.existsSync(SCHEMATHESIS_BIN);
  } catch {
    return false;
  }
}

/** Creates the virtualenv and installs the pinned schemathesis if that has not been done yet. */
export async function ensureSchemathesis() {
  if (isProvisioned()) return SCHEMATHESIS_BIN;
  const python = which('python3') ?? which('python');
  if (!python) throw new Error('schemathesis: python3 (3.9+) is not on PATH');
  fs.rmSync(VENV_DIR, { recursive: true, force: true }); // no half-made or stale environment
  await withTicker(`schemathesis: installing ${SCHEMATHESIS_VERSION} from PyPI (~30 s cold)`, async () => {
    await run(python, ['-m', 'venv', VENV_DIR]);
    await run(path.join(BIN_DIR, 'python'), [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      `schemathesis==${SCHEMATHESIS_VERSION}`,
    ]);
  });
  fs.writeFileSync(PROVISIONED_MARKER, SCHEMATHESIS_VERSION);
  return SCHEMATHESIS_BIN;
}
