import type { UserIdentity } from '../../domain/user';
import { AccessToken, AccessTokenIssuer } from '../ports/access-token-issuer';

/** Issues readable stand-ins for JWTs: `token-for:<the identity as JSON>`, valid for an hour. */
export class FakeAccessTokenIssuer extends AccessTokenIssuer {
  async issue(identity: UserIdentity): Promise<AccessToken> {
    return { value: `token-for:${JSON.stringify(identity)}`, expiresInSeconds: 3600 };
  }
}
