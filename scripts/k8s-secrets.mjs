#!/usr/bin/env node
// The Secrets the Kubernetes manifests expect, generated once per cluster and printed as manifests
// (never stored in git). Create them before the first `kubectl apply -k`:
//
//   node scripts/k8s-secrets.mjs demo | kubectl create -f -
//   node scripts/k8s-secrets.mjs production --mongo-url 'mongodb+srv://…' --postgres-url 'postgres://…' | kubectl create -f -
//
// `kubectl create` (not apply) on purpose: run again, it refuses to replace the keys, which would log
// every user out. Rotating the gateway's signing keys is a procedure of its own (docs/operations.md).
//
//   fooddelivery-tokens         gateway-signing-keys.json (the gateway's JWT_SIGNING_KEYS: a JSON array
//                               of private RSA JWKs), app-service-key.json (app's SERVICE_SIGNING_KEY)
//   fooddelivery-datastores     mongo-url, postgres-url (the services' MONGO_URL and DATABASE_URL)
//   fooddelivery-postgres-admin password (demo only: the in-cluster PostgreSQL's own password)
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

const NAMESPACE = 'fooddelivery';
const USAGE = `usage: node scripts/k8s-secrets.mjs demo [--namespace NAME]
       node scripts/k8s-secrets.mjs production --mongo-url URL --postgres-url URL [--namespace NAME]`;

function privateJwk() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
}

function secret(name, namespace, stringData) {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, labels: { 'app.kubernetes.io/part-of': 'fooddelivery' } }, type: 'Opaque', stringData };
}

/** The manifests for one overlay; throws a usage error for what is missing or malformed. */
export function secretManifests(overlay, options = {}) {
  const namespace = options.namespace ?? NAMESPACE;
  const objects = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }];
  objects.push(
    secret('fooddelivery-tokens', namespace, {
      'gateway-signing-keys.json': JSON.stringify([privateJwk()]),
      'app-service-key.json': JSON.stringify(privateJwk()),
    }),
  );
  if (overlay === 'demo') {
    const password = randomBytes(18).toString('base64url');
    objects.push(secret('fooddelivery-postgres-admin', namespace, { password }));
    objects.push(
      secret('fooddelivery-datastores', namespace, {
        'mongo-url': 'mongodb://mongo:27017',
        'postgres-url': `postgres://fooddelivery:${password}@postgres:5432/postgres`,
      }),
    );
  } else if (overlay === 'production') {
    const mongo = options['mongo-url'];
    const postgres = options['postgres-url'];
    if (!mongo || !/^mongodb(\+srv)?:\/\//.test(mongo)) throw new UsageError('--mongo-url mongodb://… or mongodb+srv://… is required');
    if (!postgres || !/^postgres(ql)?:\/\//.test(postgres)) throw new UsageError('--postgres-url postgres://… is required');
    objects.push(secret('fooddelivery-datastores', namespace, { 'mongo-url': mongo, 'postgres-url': postgres }));
  } else {
    throw new UsageError(`unknown overlay ${JSON.stringify(overlay ?? '')}: demo or production`);
  }
  return objects;
}

class UsageError extends Error {}

function main() {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { namespace: { type: 'string' }, 'mongo-url': { type: 'string' }, 'postgres-url': { type: 'string' } } });
    if (parsed.positionals.length !== 1) throw new UsageError('one overlay: demo or production');
    const objects = secretManifests(parsed.positionals[0], parsed.values);
    // JSON is YAML: one document per object
    process.stdout.write(objects.map((object) => JSON.stringify(object, null, 2)).join('\n---\n') + '\n');
  } catch (error) {
    process.stderr.write(`k8s-secrets: ${error.message}\n${USAGE}\n`);
    process.exit(64);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
