import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { imageConfig, readDockerfile } from '../support/dockerfile';
import { eventually } from '../support/kafka';
import { REPO } from '../support/service-process';

/**
 * scripts/production-tree.mjs, which the Dockerfile runs to make each image's contents, run here
 * without Docker on the built workspace, for every service: the tree holds the service and the
 * libraries it depends on and nothing of the other services; its packages are exactly the
 * production closure of those workspaces in the lockfile (no devDependency); and it runs: every
 * declared dependency loads from inside the tree, better-sqlite3's binary works, main.js gets as far
 * as its configuration, and the gateway starts as its image starts it and answers the image's
 * HEALTHCHECK, serves the web front end at / from the web/dist its tree holds, then stops on SIGTERM.
 */
interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
}
interface LockEntry extends Manifest {
  version?: string;
  link?: boolean;
  resolved?: string;
  dev?: boolean;
  optional?: boolean;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const root = readJson<Manifest>(join(REPO, 'package.json'));
const lock = readJson<{ packages: Record<string, LockEntry> }>(join(REPO, 'package-lock.json')).packages;
const manifestOf = (dir: string) => readJson<Manifest>(join(REPO, dir, 'package.json'));
const WORKSPACES = root.workspaces!;
/** web is the front end: no service of its own, its build (web/dist) is served by the gateway. */
const SERVICES = WORKSPACES.filter((dir) => !dir.includes('/') && dir !== 'web');
/** The built files a service's tree holds besides its workspaces (scripts/production-tree.mjs, SERVED_FILES). */
const SERVED: Record<string, string[]> = { gateway: ['web/dist'] };
const nameOf = new Map(WORKSPACES.map((dir) => [dir, manifestOf(dir).name]));
const dirOf = new Map(WORKSPACES.map((dir) => [manifestOf(dir).name, dir]));

/** The service's workspace and the ones it depends on, transitively (the test's own reading). */
function workspacesOf(service: string): string[] {
  const kept = new Set<string>();
  const pending = [service];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    if (kept.has(dir)) continue;
    kept.add(dir);
    for (const name of Object.keys(manifestOf(dir).dependencies ?? {}))
      if (dirOf.has(name)) pending.push(dirOf.get(name)!);
  }
  return [...kept].sort();
}

/** Where node would find `name` from the package at lockfile path `from`: the nearest node_modules up. */
function resolveInLock(from: string, name: string): string | undefined {
  for (let base = from; ;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock[candidate]) return candidate;
    if (!base) return undefined;
    const up = base.lastIndexOf('/node_modules/');
    base = up < 0 ? '' : base.slice(0, up);
  }
}

/** The lockfile paths of every package those workspaces need at run time. */
function productionClosure(workspaces: string[]): Set<string> {
  const closure = new Set<string>();
  const pending = [...workspaces];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const entry = lock[key];
    if (entry.link) {
      pending.push(entry.resolved!);
      continue;
    }
    if (key.includes('node_modules/')) closure.add(key);
    const required = { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies };
    for (const name of Object.keys(required)) {
      if (entry.peerDependenciesMeta?.[name]?.optional) continue;
      const found = resolveInLock(key, name);
      if (found) pending.push(found);
    }
  }
  return closure;
}

/** Every package directory and link under the tree's node_modules folders, as lockfile paths. */
function installedPackages(tree: string): { packages: Set<string>; links: Map<string, string> } {
  const packages = new Set<string>();
  const links = new Map<string, string>();
  const visit = (nodeModules: string) => {
    if (!existsSync(nodeModules)) return;
    for (const entry of readdirSync(nodeModules)) {
      if (entry === '.bin' || entry === '.package-lock.json') continue;
      const dirs = entry.startsWith('@')
        ? readdirSync(join(nodeModules, entry)).map((name) => join(nodeModules, entry, name))
        : [join(nodeModules, entry)];
      for (const dir of dirs) {
        const key = relative(tree, dir).split(sep).join('/');
        if (lstatSync(dir).isSymbolicLink()) {
          links.set(key, relative(tree, realpathSync(dir)).split(sep).join('/'));
          continue;
        }
        packages.add(key);
        visit(join(dir, 'node_modules'));
      }
    }
  };
  visit(join(tree, 'node_modules'));
  for (const dir of WORKSPACES) visit(join(tree, dir, 'node_modules'));
  return { packages, links };
}

/** Every path in the tree (not following links), relative to it. */
function allPaths(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    const own = relative(base, path).split(sep).join('/');
    return entry.isDirectory() ? [own, ...allPaths(path, base)] : [own];
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const workdir = mkdtempSync(join(tmpdir(), 'fooddelivery-production-tree-'));
const trees = new Map<string, string>();
/** An environment without this process's (NODE_ENV=test, NODE_PATH …): the tree's own, as in its image. */
const isolatedEnv = (extra: Record<string, string>) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: workdir,
  ...extra,
});

/** Makes the service's tree once, timed. */
function treeOf(service: string): string {
  if (trees.has(service)) return trees.get(service)!;
  const tree = join(workdir, service);
  const started = Date.now();
  execFileSync(process.execPath, [join(REPO, 'scripts', 'production-tree.mjs'), service, tree], {
    cwd: REPO,
    stdio: 'pipe',
    timeout: 240_000,
  });
  console.log(`production tree of ${service}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  trees.set(service, tree);
  return tree;
}

beforeAll(() => {
  // up to date under npm test (which builds first): then ~1 s
  const started = Date.now();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: 'pipe', timeout: 300_000 });
  console.log(`npm run build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}, 300_000);

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

describe.each(SERVICES)('the production tree of %s', (service) => {
  const kept = workspacesOf(service);
  const others = SERVICES.filter((other) => other !== service);
  let tree: string;
  beforeAll(() => {
    tree = treeOf(service);
  }, 240_000);
  // ~170 MB each: one at a time on disk (the gateway's is started below)
  afterAll(() => {
    if (service === 'gateway') return;
    rmSync(tree, { recursive: true, force: true });
    trees.delete(service);
  });

  it('holds the service and the libraries it depends on, each its package.json and dist (and the files it serves)', () => {
    const served = SERVED[service] ?? [];
    expect(readdirSync(tree).sort()).toEqual(
      [...new Set([...kept, ...served].map((dir) => dir.split('/')[0]))]
        .concat('node_modules', 'package-lock.json', 'package.json')
        .sort(),
    );
    for (const files of served) {
      // the build alone: not the workspace (no package.json, sources or node_modules)
      expect(readdirSync(join(tree, files, '..'))).toEqual([files.split('/').pop()]);
      expect(readdirSync(join(tree, files)).sort()).toEqual(readdirSync(join(REPO, files)).sort());
    }
    for (const dir of kept) {
      expect(readdirSync(join(tree, dir)).sort()).toEqual(['dist', 'package.json']);
      expect(readFileSync(join(tree, dir, 'package.json'), 'utf8')).toBe(
        readFileSync(join(REPO, dir, 'package.json'), 'utf8'),
      );
    }
    expect(existsSync(join(tree, service, 'dist', 'main.js'))).toBe(true);
    expect(readJson<Manifest>(join(tree, 'package.json')).workspaces!.sort()).toEqual(kept);
  });

  it('holds nothing of the other services: no directory, package, link or lockfile entry', () => {
    const { links } = installedPackages(tree);
    // the workspace links, each to its own folder in the tree
    expect(Object.fromEntries(links)).toEqual(
      Object.fromEntries(kept.map((dir) => [`node_modules/${nameOf.get(dir)}`, dir])),
    );
    const paths = allPaths(tree);
    const treeLock = readJson<{ packages: Record<string, LockEntry> }>(join(tree, 'package-lock.json')).packages;
    for (const other of others) {
      const name = nameOf.get(other)!;
      expect(paths.filter((path) => path === other || path.startsWith(`${other}/`) || path.includes(name))).toEqual([]);
      expect(
        Object.keys(treeLock).filter(
          (key) => key === other || key.startsWith(`${other}/`) || key.endsWith(`node_modules/${name}`),
        ),
      ).toEqual([]);
      for (const file of ['package.json', 'package-lock.json'])
        expect(readFileSync(join(tree, file), 'utf8')).not.toContain(name);
    }
  });

  it('holds exactly the production closure of those workspaces in the lockfile, and no devDependency', () => {
    const { packages } = installedPackages(tree);
    const closure = productionClosure(kept);
    expect([...packages].filter((key) => !closure.has(key))).toEqual([]);
    // a package of the closure may be absent only if it is an optional one for another platform
    expect([...closure].filter((key) => !packages.has(key) && !lock[key].optional)).toEqual([]);
    for (const key of packages) expect({ key, dev: lock[key].dev }).toEqual({ key, dev: undefined });
    for (const tool of [
      'jest',
      'typescript',
      'eslint',
      '@nestjs/testing',
      '@swc/core',
      'prettier',
      'supertest',
      'dependency-cruiser',
    ]) {
      expect(
        [...packages].filter((key) => key === `node_modules/${tool}` || key.endsWith(`/node_modules/${tool}`)),
      ).toEqual([]);
    }
    // those the repo has only as devDependencies are not there at all
    const devOnly = Object.keys(root.devDependencies ?? {}).filter((name) => lock[`node_modules/${name}`]?.dev);
    expect(devOnly.length).toBeGreaterThan(5);
    for (const name of devOnly) expect(packages.has(`node_modules/${name}`)).toBe(false);
  });

  it('loads every dependency the service and its libraries declare, from inside the tree (better-sqlite3 included)', () => {
    const check = `
      const { createRequire } = require('node:module');
      const path = require('node:path');
      const tree = process.cwd();
      const failures = [];
      let sqlite = null;
      for (const dir of ${JSON.stringify(kept)}) {
        const manifest = require(path.join(tree, dir, 'package.json'));
        const load = createRequire(path.join(tree, dir, 'package.json'));
        for (const name of Object.keys(manifest.dependencies || {})) {
          try {
            const file = load.resolve(name);
            if (!file.startsWith(tree + path.sep)) failures.push(dir + ': ' + name + ' resolved outside the tree: ' + file);
            const loaded = load(name);
            if (name === 'better-sqlite3') sqlite = new loaded(':memory:').prepare('SELECT sqlite_version() AS version').get().version;
          } catch (error) {
            failures.push(dir + ': ' + name + ': ' + (error.code || error.message));
          }
        }
      }
      process.stdout.write(JSON.stringify({ failures, sqlite }));`;
    const result = spawnSync(process.execPath, ['-e', check], {
      cwd: tree,
      env: isolatedEnv({}),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    const { failures, sqlite } = JSON.parse(result.stdout) as { failures: string[]; sqlite: string | null };
    expect(failures).toEqual([]);
    const declaresSqlite = kept.some((dir) => 'better-sqlite3' in (manifestOf(dir).dependencies ?? {}));
    expect(declaresSqlite ? sqlite : null).toEqual(declaresSqlite ? expect.stringMatching(/^3\.\d+/) : null);
  });

  it('runs main.js as far as its configuration: a bad PORT is refused (exit 78), no module is missing', () => {
    // main.js imports the whole service before it reads its configuration
    const result = spawnSync(process.execPath, [join(service, 'dist', 'main.js')], {
      cwd: tree,
      env: isolatedEnv({ NODE_ENV: 'production', PORT: 'not-a-port' }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 78,
      stderr: expect.stringMatching(new RegExp(`^${service}: invalid configuration: .*PORT`)),
    });
  });
});

describe("the gateway's tree, started as its image starts it", () => {
  it('serves /health/live on SQLite (the image HEALTHCHECK passes) and stops on SIGTERM with exit 0', async () => {
    const tree = treeOf('gateway');
    const image = imageConfig(readDockerfile(), { SERVICE: 'gateway' });
    const keys = mkdtempSync(join(workdir, 'keys-'));
    // the compose stack's keys job runs this script from the gateway image
    execFileSync(process.execPath, [join('gateway', 'dist', 'generate-keys.js'), keys], { cwd: tree, stdio: 'pipe' });
    const port = String(await freePort());
    const env = isolatedEnv({
      ...image.env,
      PORT: port,
      HOST: '127.0.0.1',
      SQLITE_PATH: join(keys, 'gateway.sqlite'),
      JWT_SIGNING_KEYS_FILE: join(keys, 'gateway-signing-keys.json'),
      LOG_LEVEL: 'warn',
    });
    const [command, ...args] = JSON.parse(image.cmd!) as string[];
    const child = spawn(command === 'node' ? process.execPath : command, args, {
      cwd: tree,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const healthcheck = JSON.parse(/CMD\s+(\[.*\])$/.exec(image.healthcheck!)![1]) as string[];
      await eventually(
        async () => {
          if (child.exitCode !== null) throw new Error(`the gateway exited:\n${output}`);
          return spawnSync(process.execPath, healthcheck.slice(1), { env, timeout: 5000 }).status === 0;
        },
        60_000,
        'the gateway to pass its HEALTHCHECK',
      );
      const live = await fetch(`http://127.0.0.1:${port}/health/live`);
      expect(live.status).toBe(200);
      // the front end, from the tree's web/dist (WEB_ROOT's default, found from gateway/dist)
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect({ status: page.status, type: page.headers.get('content-type') }).toEqual({ status: 200, type: 'text/html; charset=utf-8' });
      expect(await page.text()).toBe(readFileSync(join(tree, 'web', 'dist', 'index.html'), 'utf8'));
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/"level":(50|60)/);
  }, 300_000);
});
