/** Who is calling, as proven by a verified token. */
export type Role = 'customer' | 'owner' | 'admin' | 'service';
export const ROLES: readonly Role[] = ['customer', 'owner', 'admin', 'service'];

export interface Caller {
  /** The user name (customers, owners, admins) or the calling service's name (role `service`). */
  sub: string;
  role: Role;
  /** Owners only: the store they run. */
  storeId?: string;
}

/** The claims the gateway puts in a token (plus iss, aud, iat, exp). */
export interface AccessClaims {
  sub: string;
  role: Role;
  storeId?: string;
}

export function isCaller(value: unknown): value is Caller {
  if (!value || typeof value !== 'object') return false;
  const claims = value as Record<string, unknown>;
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) return false;
  if (typeof claims.role !== 'string' || !ROLES.includes(claims.role as Role)) return false;
  if (claims.role === 'owner' && (typeof claims.storeId !== 'string' || claims.storeId.length === 0)) return false;
  return claims.storeId === undefined || typeof claims.storeId === 'string';
}
