#!/usr/bin/env node
// Prints the heaviest functions of a V8 CPU profile (`node --cpu-prof`): self time and, grouped by
// package, where the time goes. Usage: node scripts/profile-top.mjs <file.cpuprofile> [rows] [lastSeconds]
// (lastSeconds: only the samples of the profile's last N seconds, e.g. one bench phase before the stop)
import fs from 'node:fs';

const [file, rowsArg, lastArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/profile-top.mjs <file.cpuprofile> [rows]');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const rows = Number(rowsArg ?? 25);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const deltas = profile.timeDeltas;
const from = lastArg ? profile.endTime - Number(lastArg) * 1e6 : -Infinity;
let now = profile.startTime;
for (let index = 0; index < profile.samples.length; index++) {
  now += deltas[index] ?? 0;
  if (now < from) continue;
  const id = profile.samples[index];
  self.set(id, (self.get(id) ?? 0) + (deltas[index] ?? 0));
}
const total = [...self.values()].reduce((sum, value) => sum + value, 0);
const where = (frame) => {
  const url = frame.url || '(native)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:')) return url;
  if (/\/(app|pay|store|customer|marketing|gateway|libs)\//.test(url)) return 'ours';
  return url === '(native)' ? frame.functionName || '(native)' : url;
};
const functions = new Map();
const packages = new Map();
for (const [id, micros] of self) {
  const frame = byId.get(id).callFrame;
  const key = `${frame.functionName || '(anonymous)'}  ${frame.url.replace(/.*node_modules\//, '').replace(/.*\/work\/[^/]+\//, '')}:${frame.lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + micros);
  const pkg = where(frame);
  packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
}
const pct = (micros) => `${((micros / total) * 100).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
console.log('-- by package (self time)');
for (const [name, micros] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(micros)}  ${name}`);
console.log('-- by function (self time)');
for (const [name, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(micros)}  ${name}`);
