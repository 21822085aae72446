import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseSigningKey } from '@fooddelivery/platform';
import { GatewayConfig } from '../src/gateway.config';
import { REPO } from '../../test/support/service-process';

/** The compose stack's `keys` one-shot: the built script, its files, and the gateway reading them. */
describe('node gateway/dist/generate-keys.js <dir>', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fooddelivery-keys-'));
  const run = (...args: string[]) => execFileSync(process.execPath, [join(REPO, 'gateway', 'dist', 'generate-keys.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a signing key set for the gateway and a service key for app, private to their owner', () => {
    expect(run(dir)).toBe(`${join(dir, 'gateway-signing-keys.json')}: generated\n${join(dir, 'app-service-key.json')}: generated\n`);
    const gateway = join(dir, 'gateway-signing-keys.json');
    expect(statSync(gateway).mode & 0o777).toBe(0o600);
    const config = loadConfig(GatewayConfig, { NODE_ENV: 'production', JWT_SIGNING_KEYS_FILE: gateway });
    expect(config.JWT_SIGNING_KEYS).toHaveLength(1);
    expect(parseSigningKey(JSON.parse(readFileSync(join(dir, 'app-service-key.json'), 'utf8'))).kid).toMatch(/^[\w-]{43}$/);
  });

  it('keeps existing keys on a second run (a restart logs nobody out)', () => {
    const before = readFileSync(join(dir, 'gateway-signing-keys.json'), 'utf8');
    expect(run(dir)).toContain('gateway-signing-keys.json: kept');
    expect(readFileSync(join(dir, 'gateway-signing-keys.json'), 'utf8')).toBe(before);
  });

  it('answers a wrong invocation with its usage and exit code 64', () => {
    expect(() => run(dir, '--owner', 'nobody')).toThrow(expect.objectContaining({ status: 64, stderr: expect.stringContaining('usage: generate-keys') }));
  });
});
