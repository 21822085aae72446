import jwt from 'jsonwebtoken';
import { JwtSettings, serviceIssuer } from './auth.variables';
import { SigningKey, TOKEN_ALGORITHM } from './signing-keys';

/**
 * Short-lived tokens a service presents to another (role `service`, e.g. app → pay), signed with the
 * service's own key (published at its `/.well-known/jwks.json`; the callee lists it in
 * TRUSTED_SERVICES). Nothing the gateway signs with is needed. A fresh token is minted shortly
 * before the previous one expires.
 */
export class ServiceTokenIssuer {
  private current: { token: string; renewAt: number } | undefined;

  constructor(
    private readonly service: string,
    private readonly settings: JwtSettings,
    readonly key: SigningKey,
    private readonly ttlSeconds = 300,
  ) {}

  token(): string {
    const now = Date.now();
    if (this.current && now < this.current.renewAt) return this.current.token;
    const token = jwt.sign({ role: 'service' }, this.key.privateKey, {
      algorithm: TOKEN_ALGORITHM,
      keyid: this.key.kid,
      subject: this.service,
      issuer: serviceIssuer(this.service),
      audience: this.settings.audience,
      expiresIn: this.ttlSeconds,
    });
    this.current = { token, renewAt: now + (this.ttlSeconds * 1000) / 2 };
    return token;
  }

  authorization(): string {
    return `Bearer ${this.token()}`;
  }
}
