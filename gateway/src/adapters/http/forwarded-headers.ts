import type { IncomingHttpHeaders } from 'node:http';

/**
 * Headers that carry an identity in some setups: every name starting with `x-user`, `x-caller`,
 * `x-auth` (x-user-id, x-username, x-caller-role, x-authenticated-user, x-auth-request-email, …),
 * `x-principal`, `x-identity`, `x-remote-user` or `remote-user`, and oauth2-proxy's
 * `x-forwarded-user|email|groups|preferred-username|access-token`. The only identity the gateway
 * forwards is the caller's token in `Authorization`, which every service verifies itself.
 */
const IDENTITY_HEADER =
  /^(x-(user|caller|auth|principal|identity|remote-user)|remote-user|x-forwarded-(user|email|groups|preferred-username|access-token)$)/;

/** What a client may say about the route to the gateway; only a trusted proxy in front may say it. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip'];

/** Removes every identity header; returns the names removed. */
export function stripIdentityHeaders(headers: IncomingHttpHeaders): string[] {
  const removed = Object.keys(headers).filter((name) => IDENTITY_HEADER.test(name.toLowerCase()));
  for (const name of removed) delete headers[name];
  return removed;
}

/**
 * Without a trusted proxy in front (TRUST_PROXY=0) the client's own x-forwarded-* headers are dropped,
 * so the upstream sees the x-forwarded-for/host/proto the gateway sets from the real connection.
 */
export function stripUntrustedForwarding(headers: IncomingHttpHeaders): void {
  for (const name of FORWARDING_HEADERS) delete headers[name];
}
