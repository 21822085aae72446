// The services of the monorepo and where they listen. Shared by start.mjs and the tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SERVICES = [
  { name: 'gateway', port: 8080, dir: 'gateway' },
  { name: 'app', port: 8081, dir: 'app' },
  { name: 'pay', port: 8082, dir: 'pay' },
  { name: 'store', port: 8083, dir: 'store' },
  { name: 'customer', port: 8084, dir: 'customer' },
  { name: 'marketing', port: 8085, dir: 'marketing' },
].map((service) => ({ ...service, main: path.join(service.dir, 'dist', 'main.js') }));

/** The services named in a comma-separated list (e.g. FOODDELIVERY_SERVICES=app,pay), or all. */
export function selectServices(list = process.env.FOODDELIVERY_SERVICES) {
  if (!list) return SERVICES;
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !SERVICES.some((service) => service.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown service(s): ${unknown.join(', ')} (known: ${SERVICES.map((s) => s.name).join(', ')})`,
    );
  }
  return SERVICES.filter((service) => names.includes(service.name));
}
