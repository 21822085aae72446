import { createPublicKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import jwt from 'jsonwebtoken';
import { TOKEN_ALGORITHM, generateSigningKeySync } from '@fooddelivery/platform';
import { JwtAccessTokenIssuer } from './jwt-access-token-issuer';

describe('JwtAccessTokenIssuer', () => {
  const key = generateSigningKeySync();
  const service = new JwtService({
    privateKey: key.privateKey as unknown as Buffer,
    signOptions: { algorithm: TOKEN_ALGORITHM, keyid: key.kid, issuer: 'fooddelivery-gateway', audience: 'fooddelivery' },
  });

  it('signs sub, role, storeId, issuer, audience and expiry with RS256 and names its key (kid)', async () => {
    const token = await new JwtAccessTokenIssuer(service, 900).issue({ sub: 'owner1', role: 'owner', storeId: '1' });
    expect(token.expiresInSeconds).toBe(900);
    const decoded = jwt.verify(token.value, createPublicKey(key.privateKey), {
      algorithms: ['RS256'],
      issuer: 'fooddelivery-gateway',
      audience: 'fooddelivery',
      complete: true,
    });
    expect(decoded.header).toMatchObject({ alg: 'RS256', kid: key.kid });
    const claims = decoded.payload as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: 'owner1', role: 'owner', storeId: '1' });
    expect(claims.exp! - claims.iat!).toBe(900);
  });
});
