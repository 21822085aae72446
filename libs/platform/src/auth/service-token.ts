import jwt from 'jsonwebtoken';
import { JwtSettings } from './auth.variables';

/**
 * Short-lived tokens a service presents to another (role `service`, e.g. app → pay), signed with the
 * same secret the gateway uses. A fresh token is minted shortly before the previous one expires.
 */
export class ServiceTokenIssuer {
  private current: { token: string; renewAt: number } | undefined;

  constructor(
    private readonly service: string,
    private readonly settings: JwtSettings,
    private readonly ttlSeconds = 300,
  ) {}

  token(): string {
    const now = Date.now();
    if (this.current && now < this.current.renewAt) return this.current.token;
    const token = jwt.sign({ role: 'service' }, this.settings.secret, {
      algorithm: this.settings.algorithm,
      subject: this.service,
      issuer: this.settings.issuer,
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
