/**
 * Writes the platform's token keys into a directory, once: `node gateway/dist/generate-keys.js <dir>
 * [--owner uid:gid]`. The gateway signs users' tokens with `gateway-signing-keys.json` (a JSON array
 * of private JWKs, for JWT_SIGNING_KEYS_FILE); app signs its calls to pay with `app-service-key.json`
 * (one private JWK, for SERVICE_SIGNING_KEY_FILE). A file that exists is kept, so a restart does not
 * rotate the keys and log everyone out. Used by compose's one-shot `keys` service.
 */
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeySync, privateJwkOf } from '@fooddelivery/platform';

const KEY_FILES = {
  'gateway-signing-keys.json': () => JSON.stringify([privateJwkOf(generateSigningKeySync())]),
  'app-service-key.json': () => JSON.stringify(privateJwkOf(generateSigningKeySync())),
} as const;

function main(args: string[]): number {
  const [dir, flag, owner] = args;
  if (!dir || (flag !== undefined && (flag !== '--owner' || !/^\d+:\d+$/.test(owner ?? '')))) {
    process.stderr.write('usage: generate-keys <dir> [--owner uid:gid]\n');
    return 64;
  }
  const [uid, gid] = owner ? owner.split(':').map(Number) : [undefined, undefined];
  mkdirSync(dir, { recursive: true });
  for (const [name, generate] of Object.entries(KEY_FILES)) {
    const file = join(dir, name);
    if (existsSync(file)) {
      process.stdout.write(`${file}: kept\n`);
      continue;
    }
    writeFileSync(file, `${generate()}\n`, { mode: 0o600 });
    if (uid !== undefined && gid !== undefined) chownSync(file, uid, gid);
    process.stdout.write(`${file}: generated\n`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
