import { KeyObject, createPublicKey, webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
import jwt from 'jsonwebtoken';
import { createLocalJWKSet, createRemoteJWKSet } from 'jose';
import { SigningKey, TOKEN_ALGORITHM } from './signing-keys';

/** Who may sign tokens a service accepts, and where their public keys are. */
export interface TrustedIssuer {
  /** The `iss` claim this issuer puts in its tokens. */
  issuer: string;
  /** Its JWKS document (fetched, cached, re-read when a token names an unknown `kid`). */
  jwksUrl?: string;
  /** Or its keys, held in this process (the gateway verifying its own tokens). */
  keys?: readonly SigningKey[];
  /** A service issuer may only assert `role: service` with itself as `sub` (app's calls to pay). */
  service?: boolean;
}

export interface TokenKeysOptions {
  /** How long fetched keys are trusted before the JWKS is read again (a retired key stops verifying after this). */
  cacheMaxAgeMs: number;
  /**
   * Least time between two reads of a JWKS caused by unknown `kid`s (a flood of forged kids is one
   * fetch per period). Short, so a key the gateway starts signing with is found at its first token.
   */
  cooldownMs?: number;
  /** After a failed read the last keys read stay in use (stale) this long before the next attempt. */
  retryAfterFailureMs?: number;
  /** A JWKS request that takes longer fails (the token is refused; the next one tries again). */
  timeoutMs?: number;
}

/** Why a token's key could not be found: the token is refused with this message. */
export class TokenKeyProblem extends Error {}

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;
type KeyQuery = { alg: string; kid: string };

/**
 * Finds the public key a token must verify with: the issuer named in its (not yet verified) `iss`
 * must be trusted, and its `kid` must be one of that issuer's published keys. Verification itself
 * (signature, pinned algorithm, issuer, audience, expiry) happens after, with this key only.
 */
export class TokenKeys {
  private readonly remote = new Map<string, RemoteKeySet>();
  private readonly local = new Map<string, Map<string, KeyObject>>();
  private readonly byIssuer = new Map<string, TrustedIssuer>();
  /** Per issuer: until when the last keys read are used as they are, after the JWKS could not be read. */
  private readonly staleUntil = new Map<string, number>();
  private readonly retryAfterFailureMs: number;
  /** jose hands back the same CryptoKey for a kid until the set is re-read: convert each one once. */
  private readonly converted = new WeakMap<CryptoKey, KeyObject>();

  constructor(
    issuers: readonly TrustedIssuer[],
    options: TokenKeysOptions,
  ) {
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? 5000;
    for (const trusted of issuers) {
      this.byIssuer.set(trusted.issuer, trusted);
      if (trusted.keys) {
        this.local.set(trusted.issuer, new Map(trusted.keys.map((key) => [key.kid, createPublicKey(key.privateKey)])));
      } else if (trusted.jwksUrl) {
        this.remote.set(
          trusted.issuer,
          createRemoteJWKSet(new URL(trusted.jwksUrl), {
            cacheMaxAge: options.cacheMaxAgeMs,
            cooldownDuration: options.cooldownMs ?? 1000,
            timeoutDuration: options.timeoutMs ?? 3000,
          }),
        );
      }
    }
  }

  /** The issuers whose tokens are accepted (the `issuer` option of the verification). */
  issuers(): string[] {
    return [...this.byIssuer.keys()];
  }

  isServiceIssuer(issuer: string): boolean {
    return this.byIssuer.get(issuer)?.service === true;
  }

  async keyFor(token: string): Promise<KeyObject> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload !== 'object' || decoded.payload === null) throw new TokenKeyProblem('malformed token');
    const { alg, kid } = decoded.header;
    if (alg !== TOKEN_ALGORITHM) throw new TokenKeyProblem(`algorithm ${String(alg)} is not accepted (only ${TOKEN_ALGORITHM})`);
    if (typeof kid !== 'string' || kid.length === 0) throw new TokenKeyProblem('the token names no key (kid)');
    const issuer = decoded.payload.iss;
    if (typeof issuer !== 'string' || !this.byIssuer.has(issuer)) throw new TokenKeyProblem('the token is not from a trusted issuer');
    const local = this.local.get(issuer);
    if (local) {
      const key = local.get(kid);
      if (!key) throw new TokenKeyProblem(`no key "${kid}" is published`);
      return key;
    }
    const remote = this.remote.get(issuer);
    if (!remote) throw new TokenKeyProblem('the token is not from a trusted issuer');
    const query = { alg, kid };
    if (Date.now() < (this.staleUntil.get(issuer) ?? 0)) return this.fromStale(remote, query, 'the issuer\'s keys could not be read');
    try {
      return this.keyObject(await remote(query));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY') throw new TokenKeyProblem(`no key "${kid}" is published`);
      // the issuer is unreachable (the gateway restarting): the keys read last stay valid for a while,
      // so a rolling restart of the gateway refuses nobody
      const problem = `the issuer's keys could not be read (${error instanceof Error ? error.message : String(error)})`;
      this.staleUntil.set(issuer, Date.now() + this.retryAfterFailureMs);
      return this.fromStale(remote, query, problem);
    }
  }

  private keyObject(key: CryptoKey): KeyObject {
    let converted = this.converted.get(key);
    if (!converted) {
      converted = KeyObject.from(key);
      this.converted.set(key, converted);
    }
    return converted;
  }

  private async fromStale(remote: RemoteKeySet, query: KeyQuery, problem: string): Promise<KeyObject> {
    const last = remote.jwks();
    if (!last) throw new TokenKeyProblem(problem);
    try {
      return this.keyObject(await createLocalJWKSet(last)(query));
    } catch {
      throw new TokenKeyProblem(`no key "${query.kid}" is published`);
    }
  }
}
