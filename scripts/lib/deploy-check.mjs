// deploy-check (tools/deploy-check, Go): renders the kustomize overlays and loads compose.yaml
// in-process and checks them strictly and offline. Built once per source tree into the cache outside
// the repo, named by a hash of its sources, so a fresh clone reuses it and a source change rebuilds.
//   node scripts/lib/deploy-check.mjs kustomize kubernetes/overlays/demo kubernetes/overlays/production
//   node scripts/lib/deploy-check.mjs compose compose.yaml
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR } from './config.mjs';
import { withTicker } from './log.mjs';
import { run, which } from './proc.mjs';

export const DEPLOY_CHECK_DIR = fileURLToPath(new URL('../../tools/deploy-check', import.meta.url));

const BIN_DIR = path.join(CACHE_DIR, 'bin');
/** Binaries of older source trees are removed once they are this old (a clone of last week's tree may still run its own). */
const STALE_MS = 7 * 24 * 3600 * 1000;

/** The sources that make the binary: go.mod, go.sum and every .go file (fixtures under testdata/ are not built in). */
function sourceFiles(dir = DEPLOY_CHECK_DIR, prefix = '') {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testdata') files.push(...sourceFiles(path.join(dir, entry.name), relative));
    } else if (entry.name.endsWith('.go') || (prefix === '' && ['go.mod', 'go.sum'].includes(entry.name))) {
      files.push(relative);
    }
  }
  return files.sort();
}

/** First 12 hex digits of a sha256 over the sources' names and contents. */
export function sourceHash() {
  const hash = createHash('sha256');
  for (const file of sourceFiles()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(DEPLOY_CHECK_DIR, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * The path of the deploy-check binary for the current sources, built with `go build` if the cache
 * lacks it (about two minutes cold, most of it compiling the Kubernetes API types). The Go module
 * cache and proxy are go's own defaults; the machine's Go is used as it is (GOTOOLCHAIN=local).
 */
export async function deployCheck() {
  const binary = path.join(BIN_DIR, `deploy-check-${sourceHash()}`);
  if (fs.existsSync(binary)) return binary;
  const go = which('go');
  if (!go) throw new Error('deploy-check: go is not on PATH (.ci/run installs golang-go)');
  fs.mkdirSync(BIN_DIR, { recursive: true });
  // built beside its final name and renamed: a concurrent run never sees half a binary
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await withTicker('deploy-check: building tools/deploy-check (go build, ~2 min cold)', () =>
      run(go, ['build', '-buildvcs=false', '-o', partial, '.'], {
        cwd: DEPLOY_CHECK_DIR,
        env: { GOTOOLCHAIN: 'local' },
      }),
    );
    fs.renameSync(partial, binary);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  removeStaleBinaries(binary);
  return binary;
}

function removeStaleBinaries(current) {
  for (const name of fs.readdirSync(BIN_DIR)) {
    const file = path.join(BIN_DIR, name);
    if (!name.startsWith('deploy-check-') || file === current) continue;
    try {
      if (Date.now() - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    } catch {
      // removed meanwhile by another run
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const binary = await deployCheck();
    const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
    if (result.error) throw result.error;
    process.exit(result.status ?? 1);
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}
