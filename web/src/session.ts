/**
 * The access token of this tab: sessionStorage (never localStorage), so it is gone when the tab
 * closes and other tabs do not share it. The role comes from GET /auth/me, not from the token.
 */
const KEY = 'fooddelivery.session';

export interface Session {
  token: string;
  /** When the token expires (ms since the epoch), from expires_in. */
  expiresAt: number;
}

export function loadSession(): Session | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<Session> | null;
    if (saved && typeof saved.token === 'string' && typeof saved.expiresAt === 'number')
      return { token: saved.token, expiresAt: saved.expiresAt };
  } catch {
    // unreadable: no session
  }
  return undefined;
}

export function saveSession(token: string, expiresInSeconds: number): Session {
  const session = { token, expiresAt: Date.now() + expiresInSeconds * 1000 };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
