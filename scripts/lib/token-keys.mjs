// Development token keys for `npm start`, the bench and chaos: RSA keys generated once and kept in
// the cache (outside the repo), so tokens survive a restart of the stack. The gateway alone gets the
// signing keys (JWT_SIGNING_KEYS); a service that calls another (app → pay) gets a key of its own
// (SERVICE_SIGNING_KEY), shared by its replicas. Nothing here is a secret every service holds.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RUN_DIR } from './config.mjs';

function keyFile(name) {
  const file = path.join(RUN_DIR, `${name}.jwk.json`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(RUN_DIR, { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fs.writeFileSync(file, JSON.stringify(privateKey.export({ format: 'jwk' })), { mode: 0o600 });
  }
  return file;
}

/** JWT_SIGNING_KEYS for the gateway: the user's own if set, else the cached development key. */
export function gatewaySigningKeys(env = process.env) {
  if (env.JWT_SIGNING_KEYS) return { value: env.JWT_SIGNING_KEYS, file: undefined };
  const file = keyFile('gateway-signing-key');
  return { value: `[${fs.readFileSync(file, 'utf8').trim()}]`, file };
}

/** SERVICE_SIGNING_KEY for one service (its service tokens), the same for all its replicas. */
export function serviceSigningKey(service) {
  return fs.readFileSync(keyFile(`${service}-service-key`), 'utf8').trim();
}

/** The variables a service process gets: the gateway signs, the others have their own key. */
export function tokenEnvironment(service, env = process.env) {
  if (service === 'gateway') return { JWT_SIGNING_KEYS: gatewaySigningKeys(env).value };
  return { SERVICE_SIGNING_KEY: env.SERVICE_SIGNING_KEY ?? serviceSigningKey(service) };
}
