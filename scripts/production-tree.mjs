#!/usr/bin/env node
// The production tree of one service: what its container image holds, built without Docker.
//   node scripts/production-tree.mjs <service> <outDir>
// Run it after `npm ci` and `npm run build`. <outDir> (absent or empty) then holds:
//   package.json          a root whose workspaces are only the service and the libraries it needs
//   package-lock.json     the repo's lockfile, trimmed by npm to exactly that tree
//   <service>/, libs/<lib>/   each one's package.json and dist/ (no sources, no tests)
//   web/dist/             the gateway only: the web front end's build, which it serves at /
//                         (files, not a workspace: none of web's devDependencies come along)
//   node_modules/         their production dependencies only
// How node_modules is made: the repo's installed node_modules is copied in and `npm prune
// --omit=dev --offline` drops what the trimmed root does not need: devDependencies, the other
// services and whatever only they use. Nothing is downloaded and no install script runs, so the
// native modules (better-sqlite3) are the very binaries the repo's `npm ci` compiled (in the image:
// the deps stage, on the same Node image and Debian as the runtime stage); their node-gyp
// intermediates (object files, makefiles) are dropped, the .node files kept.
// The libraries needed are found from the workspace package.json files' dependencies, transitively.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'];
/**
 * Built files a service serves besides its own code, copied as they are: the gateway serves the web
 * front end's build (its WEB_ROOT, by default web/dist beside gateway/).
 */
const SERVED_FILES = { gateway: ['web/dist'] };

function fail(message) {
  console.error(`production-tree: ${message}`);
  process.exit(1);
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file, value) => fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** The workspaces of the repo: name → { dir, manifest }. */
function workspacesOf(rootManifest) {
  const workspaces = new Map();
  for (const dir of rootManifest.workspaces ?? []) {
    const manifest = readJson(path.join(REPO, dir, 'package.json'));
    workspaces.set(manifest.name, { dir, manifest });
  }
  return workspaces;
}

/** The service's workspace and every workspace it depends on, transitively, in the root's order. */
function closureOf(service, workspaces, rootManifest) {
  const byDir = new Map([...workspaces.values()].map((workspace) => [workspace.dir, workspace]));
  const start = byDir.get(service);
  const isService = (workspace) => !workspace.dir.includes('/') && workspace.manifest.main === 'dist/main.js';
  if (!start || !isService(start)) {
    const services = [...byDir.values()].filter(isService).map((workspace) => workspace.dir);
    fail(`unknown service '${service}' (one of: ${services.join(', ')})`);
  }
  const kept = new Set();
  const pending = [start];
  while (pending.length > 0) {
    const workspace = pending.pop();
    if (kept.has(workspace.dir)) continue;
    kept.add(workspace.dir);
    for (const field of DEPENDENCY_FIELDS) {
      for (const name of Object.keys(workspace.manifest[field] ?? {})) {
        const dependency = workspaces.get(name);
        if (dependency) pending.push(dependency);
      }
    }
  }
  return rootManifest.workspaces.filter((dir) => kept.has(dir));
}

function copyDist(from, to) {
  if (!fs.existsSync(from)) fail(`${path.relative(REPO, from)} is missing: run npm run build first`);
  fs.cpSync(from, to, { recursive: true, filter: (source) => !source.endsWith('.tsbuildinfo') });
}

/** node-gyp's build products other than the .node files: only compiling needs them. */
function dropBuildIntermediates(packageDir) {
  const build = path.join(packageDir, 'build');
  if (!fs.existsSync(path.join(build, 'Makefile')) && !fs.existsSync(path.join(build, 'config.gypi'))) return;
  for (const entry of fs.readdirSync(build, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    // obj.target/ holds the linker's own copy of each .node file
    const keep = entry.name.endsWith('.node') && !file.split(path.sep).includes('obj.target');
    if (entry.isFile() && !keep) fs.rmSync(file);
  }
  // the folders left empty (obj.target/, .deps/ …), deepest first
  const dirs = fs
    .readdirSync(build, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort((a, b) => b.length - a.length);
  for (const dir of dirs) if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}

/** npm prune empties a scope folder (node_modules/@jest/ …) but leaves it: removes those, at every depth. */
function dropEmptyScopes(nodeModules) {
  if (!fs.existsSync(nodeModules)) return;
  for (const entry of fs.readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(nodeModules, entry.name);
    const packages = entry.name.startsWith('@') ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [dir];
    if (packages.length === 0) fs.rmdirSync(dir);
    for (const packageDir of packages) dropEmptyScopes(path.join(packageDir, 'node_modules'));
  }
}

function npm(args, cwd) {
  const result = spawnSync('npm', args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  if (result.error) fail(`npm ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) fail(`npm ${args.join(' ')} failed (exit ${result.status})`);
}

/**
 * Fails unless the tree holds nothing of the workspaces it should not (but the served files of
 * another workspace, such as web/dist: only those).
 */
function checkTree(outDir, keptDirs, workspaces, servedFiles) {
  const keptNames = new Set(
    [...workspaces.values()].filter((w) => keptDirs.includes(w.dir)).map((w) => w.manifest.name),
  );
  for (const { dir, manifest } of workspaces.values()) {
    if (keptNames.has(manifest.name)) continue;
    const served = servedFiles.filter((file) => file.startsWith(`${dir}/`)).map((file) => file.slice(dir.length + 1));
    if (served.length > 0) {
      const extra = fs.readdirSync(path.join(outDir, dir)).filter((entry) => !served.includes(entry));
      if (extra.length > 0) fail(`${dir}/${extra[0]} is in the tree (only ${served.join(', ')} of ${dir} belongs there)`);
    } else if (fs.existsSync(path.join(outDir, dir))) fail(`${dir} is in the tree`);
    try {
      fs.lstatSync(path.join(outDir, 'node_modules', manifest.name));
      fail(`node_modules/${manifest.name} is in the tree`);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
  }
  const lock = readJson(path.join(outDir, 'package-lock.json'));
  const source = readJson(path.join(REPO, 'package-lock.json'));
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.link) continue;
    const before = source.packages[key];
    if (!before || before.version !== entry.version || before.integrity !== entry.integrity) {
      fail(`${key} ${entry.version} is not the lockfile's ${before?.version ?? '(absent)'}`);
    }
    if (entry.dev) fail(`${key} is a devDependency`);
  }
  return Object.keys(lock.packages).filter((key) => key.includes('node_modules/') && !lock.packages[key].link);
}

function main([service, out]) {
  if (!service || !out) fail('usage: node scripts/production-tree.mjs <service> <outDir>');
  const started = Date.now();
  const outDir = path.resolve(out);
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length > 0) fail(`${outDir} is not empty`);
  if (!fs.existsSync(path.join(REPO, 'node_modules'))) fail('node_modules is missing: run npm ci first');

  const rootManifest = readJson(path.join(REPO, 'package.json'));
  const workspaces = workspacesOf(rootManifest);
  const keptDirs = closureOf(service, workspaces, rootManifest);
  const mainFile = path.join(service, 'dist', 'main.js');

  fs.mkdirSync(outDir, { recursive: true });
  writeJson(path.join(outDir, 'package.json'), {
    name: `${rootManifest.name}-${service}`,
    version: rootManifest.version,
    private: true,
    description: `Production tree of ${service} (scripts/production-tree.mjs)`,
    license: rootManifest.license,
    engines: rootManifest.engines,
    main: mainFile,
    workspaces: keptDirs,
    ...(rootManifest.allowScripts ? { allowScripts: rootManifest.allowScripts } : {}),
  });
  fs.copyFileSync(path.join(REPO, 'package-lock.json'), path.join(outDir, 'package-lock.json'));
  for (const dir of keptDirs) {
    fs.mkdirSync(path.join(outDir, dir), { recursive: true });
    fs.copyFileSync(path.join(REPO, dir, 'package.json'), path.join(outDir, dir, 'package.json'));
    copyDist(path.join(REPO, dir, 'dist'), path.join(outDir, dir, 'dist'));
    // a workspace's own node_modules holds the versions that could not be hoisted
    const nested = path.join(REPO, dir, 'node_modules');
    if (fs.existsSync(nested))
      fs.cpSync(nested, path.join(outDir, dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  }
  if (!fs.existsSync(path.join(outDir, mainFile))) fail(`${mainFile} is missing: run npm run build first`);
  const servedFiles = SERVED_FILES[service] ?? [];
  for (const file of servedFiles) copyDist(path.join(REPO, file), path.join(outDir, file));

  // what the lockfile marks dev (needed by no workspace at run time) is not even copied: less to prune
  const sourceLock = readJson(path.join(REPO, 'package-lock.json'));
  const skipped = new Set(Object.keys(sourceLock.packages).filter((key) => sourceLock.packages[key].dev));
  skipped.add('node_modules/.cache').add('node_modules/.bin'); // no commands are run from the tree
  fs.cpSync(path.join(REPO, 'node_modules'), path.join(outDir, 'node_modules'), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !skipped.has(path.relative(REPO, source).split(path.sep).join('/')),
  });
  // --offline: prune only removes; anything it would have to fetch is an error, not a download
  npm(['prune', '--omit=dev', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], outDir);

  const lock = readJson(path.join(outDir, 'package-lock.json'));
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (entry.hasInstallScript) dropBuildIntermediates(path.join(outDir, key));
  }
  for (const dir of ['.', ...keptDirs]) dropEmptyScopes(path.join(outDir, dir, 'node_modules'));
  const packages = checkTree(outDir, keptDirs, workspaces, servedFiles);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `production-tree: ${service} with ${keptDirs.filter((dir) => dir !== service).join(', ') || 'no libraries'}${servedFiles.length > 0 ? ` and ${servedFiles.join(', ')}` : ''}; ${packages.length} packages; ${seconds}s → ${outDir}`,
  );
}

main(process.argv.slice(2));
