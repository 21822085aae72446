import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { SigningKey, TOKEN_ALGORITHM, generateSigningKeySync, jwksOf, privateJwkOf } from '@fooddelivery/platform';

export interface TokenClaims {
  sub: string;
  role: string;
  storeId?: string;
}

export interface SignOptions {
  issuer?: string;
  audience?: string;
  expiresInSeconds?: number;
  key?: SigningKey;
  /** Put this kid in the header instead of the key's own. */
  kid?: string;
}

/**
 * What the gateway is to a service, for tests that run a service on its own: a key pair, its JWKS
 * served over HTTP (JWKS_URL), and tokens signed with it — the real verification path, no shortcut.
 * `rotate()` puts a new key first and keeps the old one published, as an operator does.
 */
export class TokenAuthority {
  keys: SigningKey[] = [generateSigningKeySync()];
  private server: Server | undefined;
  private port = 0;
  /** How many times the JWKS was read (a service caches it). */
  reads = 0;

  static async start(): Promise<TokenAuthority> {
    const authority = new TokenAuthority();
    await authority.listen();
    return authority;
  }

  get jwksUrl(): string {
    return `http://127.0.0.1:${this.port}/.well-known/jwks.json`;
  }

  /** The environment a service verifies this authority's tokens with. */
  env(): Record<string, string> {
    return { JWKS_URL: this.jwksUrl };
  }

  /** The private keys as the gateway takes them (JWT_SIGNING_KEYS). */
  signingKeysVariable(): string {
    return JSON.stringify(this.keys.map(privateJwkOf));
  }

  sign(claims: TokenClaims, options: SignOptions = {}): string {
    const key = options.key ?? this.keys[0];
    return jwt.sign({ role: claims.role, ...(claims.storeId === undefined ? {} : { storeId: claims.storeId }) }, key.privateKey, {
      algorithm: TOKEN_ALGORITHM,
      keyid: options.kid ?? key.kid,
      subject: claims.sub,
      issuer: options.issuer ?? 'fooddelivery-gateway',
      audience: options.audience ?? 'fooddelivery',
      expiresIn: options.expiresInSeconds ?? 600,
    });
  }

  /** A token for a role, as the gateway would issue it (owners of store 1 unless given). */
  tokenFor(role: string, sub = role === 'customer' ? 'alice' : role, storeId = role === 'owner' ? '1' : undefined): string {
    return this.sign({ sub, role, ...(storeId === undefined ? {} : { storeId }) });
  }

  rotate(): SigningKey {
    const next = generateSigningKeySync();
    this.keys = [next, ...this.keys];
    return next;
  }

  retire(key: SigningKey): void {
    this.keys = this.keys.filter((candidate) => candidate.kid !== key.kid);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Serves the JWKS on a free port (idempotent). */
  listen(): Promise<void> {
    if (this.server) return Promise.resolve();
    this.server = createServer((request, response) => {
      if (request.url !== '/.well-known/jwks.json') {
        response.writeHead(404).end();
        return;
      }
      this.reads++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwksOf(this.keys)));
    });
    return new Promise((resolve) =>
      this.server!.listen(0, '127.0.0.1', () => {
        this.port = (this.server!.address() as AddressInfo).port;
        resolve();
      }),
    );
  }
}
