// A command-line tool from PyPI in a virtualenv of its own, in the cache outside the repo so every
// clone reuses it. Provisioned idempotently: a marker file holds the pinned version, and a venv
// without it (half made, or of another version) is made anew.
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from './config.mjs';
import { withTicker } from './log.mjs';
import { run, which } from './proc.mjs';

/**
 * @param {object} tool
 * @param {string} tool.name        how messages name it, e.g. 'schemathesis'
 * @param {string} tool.requirement what pip installs, e.g. 'schemathesis==4.32.5'
 * @param {string} tool.version     the pinned version, written to the marker
 * @param {string} tool.executable  the command inside the venv's bin/, e.g. 'st'
 * @param {string} tool.venv        the venv's folder name under the cache
 * @param {string} [tool.coldTime]  shown while installing, e.g. '~30 s cold'
 * @returns {{ bin: string, ensure: () => Promise<string> }} the executable's path, and a function
 *   that provisions the venv if needed and resolves to that path
 */
export function pythonTool({ name, requirement, version, executable, venv, coldTime }) {
  const venvDir = path.join(CACHE_DIR, venv);
  const marker = path.join(venvDir, '.provisioned');
  const binDir = path.join(venvDir, process.platform === 'win32' ? 'Scripts' : 'bin');
  const bin = path.join(binDir, executable);

  const isProvisioned = () => {
    try {
      return fs.readFileSync(marker, 'utf8') === version && fs.existsSync(bin);
    } catch {
      return false;
    }
  };

  const ensure = async () => {
    if (isProvisioned()) return bin;
    const python = which('python3') ?? which('python');
    if (!python) throw new Error(`${name}: python3 (3.9+) is not on PATH`);
    fs.rmSync(venvDir, { recursive: true, force: true }); // no half-made or stale environment
    const label = `${name}: installing ${version} from PyPI${coldTime ? ` (${coldTime})` : ''}`;
    await withTicker(label, async () => {
      await run(python, ['-m', 'venv', venvDir]);
      await run(path.join(binDir, 'python'), [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        requirement,
      ]);
    });
    if (!fs.existsSync(bin)) throw new Error(`${name}: ${requirement} installed no ${executable} in ${binDir}`);
    fs.writeFileSync(marker, version);
    return bin;
  };

  return { bin, ensure };
}
