import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseSigningKey, parseSigningKeys } from '@fooddelivery/platform';
import { REPO } from '../support/service-process';

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  stringData?: Record<string, string>;
}

function secrets(...args: string[]): { status: number | null; manifests: Manifest[]; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO, 'scripts', 'k8s-secrets.mjs'), ...args], { encoding: 'utf8' });
  const manifests = result.status === 0 ? result.stdout.split('\n---\n').map((document) => JSON.parse(document) as Manifest) : [];
  return { status: result.status, manifests, stderr: result.stderr };
}

const byName = (manifests: Manifest[], name: string) => manifests.find((manifest) => manifest.metadata.name === name);

/** scripts/k8s-secrets.mjs: the Secrets the manifests expect, generated, for `kubectl create -f -`. */
describe('scripts/k8s-secrets.mjs', () => {
  it('makes the demo its namespace, token keys the services accept, and datastore URLs that match the in-cluster PostgreSQL', () => {
    const { status, manifests } = secrets('demo');
    expect(status).toBe(0);
    expect(manifests.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`)).toEqual([
      'Namespace/fooddelivery',
      'Secret/fooddelivery-tokens',
      'Secret/fooddelivery-postgres-admin',
      'Secret/fooddelivery-datastores',
    ]);
    const tokens = byName(manifests, 'fooddelivery-tokens')!.stringData!;
    expect(parseSigningKeys(tokens['gateway-signing-keys.json'])).toHaveLength(1);
    expect(parseSigningKey(JSON.parse(tokens['app-service-key.json'])).kid).toMatch(/^[\w-]{43}$/);
    const password = byName(manifests, 'fooddelivery-postgres-admin')!.stringData!.password;
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(byName(manifests, 'fooddelivery-datastores')!.stringData).toEqual({
      'mongo-url': 'mongodb://mongo:27017',
      'postgres-url': `postgres://fooddelivery:${password}@postgres:5432/postgres`,
    });
    // every run makes new keys and a new password (it is run once per cluster)
    expect(byName(secrets('demo').manifests, 'fooddelivery-postgres-admin')!.stringData!.password).not.toBe(password);
  });

  it('takes production datastores from the operator as given, and refuses to guess them', () => {
    const given = secrets('production', '--mongo-url', 'mongodb+srv://db.example.com/?authSource=admin', '--postgres-url', 'postgres://app:x@pg-rw:5432/app', '--namespace', 'shop');
    expect(given.status).toBe(0);
    expect(given.manifests.every((manifest) => manifest.kind === 'Namespace' ? manifest.metadata.name === 'shop' : manifest.metadata.namespace === 'shop')).toBe(true);
    expect(byName(given.manifests, 'fooddelivery-postgres-admin')).toBeUndefined();
    expect(byName(given.manifests, 'fooddelivery-datastores')!.stringData).toEqual({ 'mongo-url': 'mongodb+srv://db.example.com/?authSource=admin', 'postgres-url': 'postgres://app:x@pg-rw:5432/app' });

    expect(secrets('production', '--mongo-url', 'mongodb://db:27017')).toMatchObject({ status: 64, stderr: expect.stringContaining('--postgres-url postgres://… is required') });
    expect(secrets('staging')).toMatchObject({ status: 64, stderr: expect.stringContaining('unknown overlay "staging"') });
    expect(secrets()).toMatchObject({ status: 64, stderr: expect.stringContaining('usage:') });
  });
});
