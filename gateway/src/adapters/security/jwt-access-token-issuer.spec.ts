import { JwtService } from '@nestjs/jwt';
import jwt from 'jsonwebtoken';
import { JwtAccessTokenIssuer } from './jwt-access-token-issuer';

describe('JwtAccessTokenIssuer', () => {
  const secret = 'a-test-secret-that-is-long-enough-0123456789';
  const service = new JwtService({ secret, signOptions: { algorithm: 'HS384', issuer: 'fooddelivery-gateway', audience: 'fooddelivery' } });

  it('signs sub, role, storeId, issuer, audience and expiry with the configured algorithm', async () => {
    const token = await new JwtAccessTokenIssuer(service, 900).issue({ sub: 'owner1', role: 'owner', storeId: '1' });
    expect(token.expiresInSeconds).toBe(900);
    const decoded = jwt.verify(token.value, secret, {
      algorithms: ['HS384'],
      issuer: 'fooddelivery-gateway',
      audience: 'fooddelivery',
      complete: true,
    });
    expect(decoded.header.alg).toBe('HS384');
    const claims = decoded.payload as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: 'owner1', role: 'owner', storeId: '1' });
    expect(claims.exp! - claims.iat!).toBe(900);
  });
});
