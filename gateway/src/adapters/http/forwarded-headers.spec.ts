import type { IncomingHttpHeaders } from 'node:http';
import { stripIdentityHeaders, stripUntrustedForwarding } from './forwarded-headers';

describe('stripIdentityHeaders', () => {
  it('removes every header a client could use to claim an identity', () => {
    const headers: IncomingHttpHeaders = {
      'x-user-id': 'admin',
      'x-user-role': 'admin',
      'x-user': 'admin',
      'x-caller-sub': 'admin',
      'x-auth-request-user': 'admin',
      'x-auth': 'yes',
      'x-username': 'admin',
      'x-authenticated-user': 'admin',
      'x-principal': 'admin',
      'x-identity-role': 'admin',
      'X-User-Id': 'admin',
      'x-forwarded-user': 'admin',
      'x-forwarded-email': 'admin@example.com',
      'x-forwarded-groups': 'admins',
      'x-remote-user': 'admin',
      'remote-user': 'admin',
    };
    const names = Object.keys(headers);
    expect(stripIdentityHeaders(headers).sort()).toEqual(names.sort());
    expect(headers).toEqual({});
  });

  it('keeps the token, the request id, forwarding and ordinary headers', () => {
    const headers: IncomingHttpHeaders = {
      authorization: 'Bearer abc',
      'x-request-id': 'r-1',
      'x-forwarded-for': '10.0.0.1',
      'x-forwarded-proto': 'https',
      'content-type': 'application/json',
      'x-forwarded-user-agent': 'kept',
      'user-agent': 'httpie',
      accept: 'text/event-stream',
    };
    const before = { ...headers };
    expect(stripIdentityHeaders(headers)).toEqual([]);
    expect(headers).toEqual(before);
  });
});

describe('stripUntrustedForwarding', () => {
  it('drops what the client says about the route, nothing else', () => {
    const headers: IncomingHttpHeaders = {
      forwarded: 'for=1.2.3.4',
      'x-forwarded-for': '1.2.3.4',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      'x-real-ip': '1.2.3.4',
      authorization: 'Bearer abc',
    };
    stripUntrustedForwarding(headers);
    expect(headers).toEqual({ authorization: 'Bearer abc' });
  });
});
