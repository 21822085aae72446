import { JsonWebKey, KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'jose';

/** The one algorithm tokens are signed and verified with: RSA keys, SHA-256 (pinned; nothing else is accepted). */
export const TOKEN_ALGORITHM = 'RS256';

/** A public key as published in a JWKS document (`GET /.well-known/jwks.json`). */
export interface PublishedKey {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: typeof TOKEN_ALGORITHM;
  use: 'sig';
}

/** A private key that signs tokens; its `kid` (RFC 7638 thumbprint unless given) goes in every token's header. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  published: PublishedKey;
}

export class SigningKeyProblem extends Error {}

const generateRsa = promisify(generateKeyPair);

/** A fresh 2048-bit RSA key (development, tests, a service's own key when none is configured). */
export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
  return signingKeyOf(privateKey);
}

/** The same, synchronously (a process's start-up, where ~100 ms once does not matter). */
export function generateSigningKeySync(): SigningKey {
  return signingKeyOf(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
}

/** The private JWK of a key, for a key file or an environment variable (`JWT_SIGNING_KEYS`, `SERVICE_SIGNING_KEY`). */
export function privateJwkOf(key: SigningKey): JWK {
  return { ...(key.privateKey.export({ format: 'jwk' }) as JWK), kid: key.kid, alg: TOKEN_ALGORITHM, use: 'sig' };
}

/** Reads one private RSA key given as a JWK object or PEM text; refuses public keys and other key types. */
export function parseSigningKey(value: unknown): SigningKey {
  let privateKey: KeyObject;
  try {
    if (typeof value === 'string') privateKey = createPrivateKey(value);
    else if (value && typeof value === 'object') privateKey = createPrivateKey({ key: value as JsonWebKey, format: 'jwk' });
    else throw new SigningKeyProblem('a key must be a private JWK object or PEM text');
  } catch (error) {
    if (error instanceof SigningKeyProblem) throw error;
    throw new SigningKeyProblem(`not a private key (${error instanceof Error ? error.message : String(error)})`);
  }
  if (privateKey.asymmetricKeyType !== 'rsa') throw new SigningKeyProblem(`must be an RSA key (got ${privateKey.asymmetricKeyType ?? 'unknown'})`);
  if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new SigningKeyProblem('an RSA key must have at least 2048 bits');
  const kid = value && typeof value === 'object' && typeof (value as { kid?: unknown }).kid === 'string' ? (value as { kid: string }).kid : undefined;
  return signingKeyOf(privateKey, kid);
}

/**
 * Reads a key set: a JSON array of private JWKs (or a single one). The first key signs; every key is
 * published, so tokens signed by a key being retired keep verifying until it is removed.
 */
export function parseSigningKeys(text: string): SigningKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SigningKeyProblem('must be a JSON array of private JWKs (not valid JSON)');
  }
  const values = Array.isArray(parsed) ? parsed : [parsed];
  if (values.length === 0) throw new SigningKeyProblem('must hold at least one key');
  const keys: SigningKey[] = [];
  for (const [index, value] of values.entries()) {
    try {
      keys.push(parseSigningKey(value));
    } catch (error) {
      throw new SigningKeyProblem(`key ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const kids = keys.map((key) => key.kid);
  const repeated = kids.find((kid, index) => kids.indexOf(kid) !== index);
  if (repeated) throw new SigningKeyProblem(`kid "${repeated}" appears twice`);
  return keys;
}

/** The JWKS document of these keys (public halves only). */
export function jwksOf(keys: readonly SigningKey[]): { keys: PublishedKey[] } {
  return { keys: keys.map((key) => key.published) };
}

function signingKeyOf(privateKey: KeyObject, kid?: string): SigningKey {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as { n: string; e: string };
  // RFC 7638: SHA-256 of the required members in lexicographic order, base64url
  const thumbprint = createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n })).digest('base64url');
  const id = kid ?? thumbprint;
  return { kid: id, privateKey, published: { kty: 'RSA', n: jwk.n, e: jwk.e, kid: id, alg: TOKEN_ALGORITHM, use: 'sig' } };
}
