import { JwtService } from '@nestjs/jwt';
import { AccessToken, AccessTokenIssuer } from '../../application/ports/access-token-issuer';
import type { UserIdentity } from '../../domain/user';

/**
 * Signs with the gateway's current key (RS256, its `kid` in the header), the issuer and audience every
 * service verifies against the published keys (@fooddelivery/platform
 * AuthModule); claims: sub, role, storeId (owners), iss, aud, iat, exp.
 */
export class JwtAccessTokenIssuer extends AccessTokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    private readonly ttlSeconds: number,
  ) {
    super();
  }

  async issue(identity: UserIdentity): Promise<AccessToken> {
    const value = await this.jwt.signAsync({ ...identity }, { expiresIn: this.ttlSeconds });
    return { value, expiresInSeconds: this.ttlSeconds };
  }
}
