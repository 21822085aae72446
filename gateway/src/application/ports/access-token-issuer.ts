import type { UserIdentity } from '../../domain/user';

export interface AccessToken {
  /** The signed JWT. */
  value: string;
  expiresInSeconds: number;
}

/** Signs the access tokens every service verifies. */
export abstract class AccessTokenIssuer {
  abstract issue(identity: UserIdentity): Promise<AccessToken>;
}
