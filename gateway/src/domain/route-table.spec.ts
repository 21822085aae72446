import { RouteTable, hasDotSegment } from './route-table';

function table(definitions: unknown): RouteTable {
  const outcome = RouteTable.from(definitions);
  if (!outcome.ok) throw new Error(outcome.problem);
  return outcome.table;
}

function problem(definitions: unknown): string {
  const outcome = RouteTable.from(definitions);
  if (outcome.ok) throw new Error('expected a problem');
  return outcome.problem;
}

describe('RouteTable', () => {
  const routes = table([
    { prefix: '/orders', target: 'http://app:8081', upstream: 'app' },
    { prefix: '/admin', target: 'http://admin:9000/' },
    { prefix: '/admin/pay', target: 'http://pay:8082', upstream: 'pay' },
  ]);

  it('matches a prefix on whole path segments', () => {
    expect(routes.match('/orders')?.upstream).toBe('app');
    expect(routes.match('/orders/')?.upstream).toBe('app');
    expect(routes.match('/orders/42/cancel')?.upstream).toBe('app');
    expect(routes.match('/ordersx')).toBeUndefined();
    expect(routes.match('/order')).toBeUndefined();
    expect(routes.match('/')).toBeUndefined();
    expect(routes.match('/ORDERS')).toBeUndefined();
  });

  it('prefers the longest matching prefix whatever the order of the lines', () => {
    expect(routes.match('/admin/pay/refunds')?.upstream).toBe('pay');
    expect(routes.match('/admin/payments')?.upstream).toBe('admin');
    expect(routes.match('/admin')?.upstream).toBe('admin');
  });

  it('names an upstream after its host when no name is given, and drops a trailing slash of the target', () => {
    expect(routes.match('/admin')).toEqual({ prefix: '/admin', target: 'http://admin:9000', targets: ['http://admin:9000'], upstream: 'admin' });
  });

  it('takes several instances of one upstream as an array of targets (the first is the route\'s target)', () => {
    const balanced = table([{ prefix: '/stores', target: ['http://app-1:8081/', 'http://app-2:8081', 'http://app-1:8081'] }]);
    expect(balanced.match('/stores/1')).toEqual({
      prefix: '/stores',
      target: 'http://app-1:8081',
      targets: ['http://app-1:8081', 'http://app-2:8081'],
      upstream: 'app-1',
    });
  });

  it.each([
    ['not an array', { prefix: '/a', target: 'http://a' }, 'must be a JSON array of {"prefix", "target"} objects'],
    ['empty', [], 'must list at least one route'],
    ['a line that is not an object', ['/orders'], 'route 1: must be an object {"prefix", "target", "upstream"?}'],
    ['a missing prefix', [{ target: 'http://a' }], 'route 1: prefix must be a path such as "/orders"'],
    ['a relative prefix', [{ prefix: 'orders', target: 'http://a' }], 'route 1: prefix must be a path such as "/orders"'],
    ['the root', [{ prefix: '/', target: 'http://a' }], 'route 1: prefix / must be one or more path segments'],
    ['a trailing slash', [{ prefix: '/orders/', target: 'http://a' }], 'route 1: prefix /orders/ must be one or more path segments'],
    ['an empty segment', [{ prefix: '/a//b', target: 'http://a' }], 'route 1: prefix /a//b must be one or more path segments'],
    ['a dot segment', [{ prefix: '/a/..', target: 'http://a' }], 'route 1: prefix /a/.. must be one or more path segments'],
    ['a wildcard', [{ prefix: '/a/*', target: 'http://a' }], 'route 1: prefix /a/* must be one or more path segments'],
    ['a gateway path', [{ prefix: '/auth/x', target: 'http://a' }], 'route 1: prefix /auth/x is reserved for the gateway itself'],
    ['health', [{ prefix: '/health', target: 'http://a' }], 'route 1: prefix /health is reserved for the gateway itself'],
    ['a missing target', [{ prefix: '/a' }], 'route 1: target of /a must be an http:// or https:// URL, or an array of them'],
    ['an empty target list', [{ prefix: '/a', target: [] }], 'route 1: target of /a must be an http:// or https:// URL, or an array of them'],
    ['a target list with a number', [{ prefix: '/a', target: ['http://a', 8081] }], 'route 1: target of /a must be an http:// or https:// URL, or an array of them'],
    ['a bad URL in a target list', [{ prefix: '/a', target: ['http://a', 'b:1'] }], 'route 1: target of /a must be an http:// or https:// URL without query or credentials (got "b:1")'],
    ['another protocol', [{ prefix: '/a', target: 'ftp://a' }], 'route 1: target of /a must be an http:// or https:// URL'],
    ['not a URL', [{ prefix: '/a', target: 'app:8081' }], 'route 1: target of /a must be an http:// or https:// URL'],
    ['credentials', [{ prefix: '/a', target: 'http://u:p@a' }], 'route 1: target of /a must be an http:// or https:// URL'],
    ['a query', [{ prefix: '/a', target: 'http://a/?x=1' }], 'route 1: target of /a must be an http:// or https:// URL'],
    ['a bad upstream name', [{ prefix: '/a', target: 'http://a', upstream: 'a b' }], 'route 1: upstream of /a must be a short name'],
    ['an unknown field', [{ prefix: '/a', target: 'http://a', timeout: 5 }], 'route 1: unknown field "timeout"'],
    [
      'a prefix listed twice',
      [
        { prefix: '/a', target: 'http://a' },
        { prefix: '/a', target: 'http://b' },
      ],
      'route 2: prefix /a is listed twice',
    ],
  ])('refuses %s', (_case, definitions, message) => {
    expect(problem(definitions)).toContain(message);
  });
});

describe('hasDotSegment', () => {
  it.each(['/orders/../admin', '/orders/./1', '/orders/%2e%2e/admin', '/orders/.%2E', '/..'])('finds one in %s', (path) => {
    expect(hasDotSegment(path)).toBe(true);
  });

  it.each(['/orders', '/orders/1.2', '/orders/..x', '/orders/.well-known', '/'])('finds none in %s', (path) => {
    expect(hasDotSegment(path)).toBe(false);
  });
});
