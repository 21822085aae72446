import { generateSigningKeySync, loadConfig, privateJwkOf } from '@fooddelivery/platform';
import { GatewayConfig, demoUsersEnabled, routeTableOf } from './gateway.config';


describe('GatewayConfig', () => {
  it('defaults to the route table of DESIGN.md on the local ports', () => {
    const config = loadConfig(GatewayConfig, {});
    const routes = routeTableOf(config);
    const summary = Object.fromEntries(routes.entries().map((route) => [route.prefix, `${route.upstream} ${route.target}`]));
    expect(summary).toEqual({
      '/stores': 'app http://127.0.0.1:8081',
      '/orders': 'app http://127.0.0.1:8081',
      '/payments': 'pay http://127.0.0.1:8082',
      '/admin/pay': 'pay http://127.0.0.1:8082',
      '/admin/app': 'app http://127.0.0.1:8081',
      '/store-orders': 'store http://127.0.0.1:8083',
      '/order-status': 'customer http://127.0.0.1:8084',
      '/my-orders': 'customer http://127.0.0.1:8084',
      '/notifications': 'customer http://127.0.0.1:8084',
      '/coupons': 'marketing http://127.0.0.1:8085',
      '/recommendations': 'marketing http://127.0.0.1:8085',
    });
    expect(config).toMatchObject({
      PORT: 8080,
      JWT_TTL_SECONDS: 3600,
      BCRYPT_COST: 10,
      RATE_LIMIT_PER_MINUTE: 600,
      LOGIN_RATE_LIMIT_PER_MINUTE: 10,
      SIGNUP_RATE_LIMIT_PER_HOUR: 20,
      PROXY_TIMEOUT_MS: 10000,
      TRUST_PROXY: 0,
    });
  });

  it('points the default table at the configured service URLs', () => {
    const config = loadConfig(GatewayConfig, { APP_URL: 'http://app:8081', CUSTOMER_URL: 'https://customer.internal' });
    expect(routeTableOf(config).match('/orders/1')?.target).toBe('http://app:8081');
    expect(routeTableOf(config).match('/order-status/1/stream')?.target).toBe('https://customer.internal');
  });

  it('replaces the whole table with GATEWAY_ROUTES', () => {
    const config = loadConfig(GatewayConfig, {
      GATEWAY_ROUTES: '[{"prefix": "/orders", "target": "http://orders:9000"}, {"prefix": "/reviews", "target": "http://reviews:9001", "upstream": "reviews"}]',
    });
    const routes = routeTableOf(config);
    expect(routes.match('/reviews/3')).toEqual({ prefix: '/reviews', target: 'http://reviews:9001', targets: ['http://reviews:9001'], upstream: 'reviews' });
    expect(routes.match('/orders')?.upstream).toBe('orders');
    expect(routes.match('/stores')).toBeUndefined();
  });

  it.each([
    ['[not json', 'GATEWAY_ROUTES: must be a JSON array of {"prefix", "target"} objects (not valid JSON)'],
    ['{"prefix": "/a"}', 'GATEWAY_ROUTES: must be a JSON array of {"prefix", "target"} objects'],
    ['[{"prefix": "/a", "target": "nowhere"}]', 'GATEWAY_ROUTES: route 1: target of /a must be an http:// or https:// URL'],
  ])('refuses GATEWAY_ROUTES=%s with one line naming it', (value, message) => {
    expect(() => loadConfig(GatewayConfig, { GATEWAY_ROUTES: value })).toThrow(`invalid configuration: ${message}`);
  });

  it('takes a comma-separated list of instances for a service URL', () => {
    const config = loadConfig(GatewayConfig, { APP_URL: 'http://127.0.0.1:8081, http://127.0.0.1:8181/' });
    expect(routeTableOf(config).match('/orders/1')).toMatchObject({ target: 'http://127.0.0.1:8081', targets: ['http://127.0.0.1:8081', 'http://127.0.0.1:8181'] });
    expect(routeTableOf(config).match('/payments')?.targets).toEqual(['http://127.0.0.1:8082']);
    expect(config.UPSTREAM_CHECK_INTERVAL_MS).toBe(1000);
  });

  it.each(['pay:8082', 'http://127.0.0.1:8082,pay:8082', ','])('refuses a service URL that is not http(s): %s', (value) => {
    expect(() => loadConfig(GatewayConfig, { PAY_URL: value })).toThrow(
      `invalid configuration: PAY_URL: must be an http:// or https:// URL without query or credentials, or a comma-separated list of them (got "${value}")`,
    );
  });

  it('needs JWT_SIGNING_KEYS in production, reads a key set, and never shows it', () => {
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production' })).toThrow(
      'invalid configuration: JWT_SIGNING_KEYS: required when NODE_ENV=production (it is not set)',
    );
    expect(() => loadConfig(GatewayConfig, { JWT_SIGNING_KEYS: 'not json' })).toThrow(
      'JWT_SIGNING_KEYS: must be a JSON array of private JWKs (not valid JSON) (got "***")',
    );
    const [current, previous] = [generateSigningKeySync(), generateSigningKeySync()];
    const publicOnly = { ...privateJwkOf(current), d: undefined, p: undefined, q: undefined, dp: undefined, dq: undefined, qi: undefined };
    expect(() => loadConfig(GatewayConfig, { JWT_SIGNING_KEYS: JSON.stringify([publicOnly]) })).toThrow(/JWT_SIGNING_KEYS: key 1: not a private key/);
    const keys = loadConfig(GatewayConfig, { NODE_ENV: 'production', JWT_SIGNING_KEYS: JSON.stringify([privateJwkOf(current), privateJwkOf(previous)]) }).JWT_SIGNING_KEYS;
    expect(keys?.map((key) => key.kid)).toEqual([current.kid, previous.kid]);
  });

  it('seeds demo users by default except in production, unless DEMO_USERS says otherwise', () => {
    const keys = JSON.stringify([privateJwkOf(generateSigningKeySync())]);
    const enabled = (env: Record<string, string>) => demoUsersEnabled(loadConfig(GatewayConfig, { JWT_SIGNING_KEYS: keys, ...env }));
    expect(enabled({})).toBe(true);
    expect(enabled({ DEMO_USERS: 'false' })).toBe(false);
    expect(enabled({ NODE_ENV: 'production' })).toBe(false);
    expect(enabled({ NODE_ENV: 'production', DEMO_USERS: 'true' })).toBe(true);
    expect(() => enabled({ DEMO_USERS: 'maybe' })).toThrow('invalid configuration: DEMO_USERS:');
  });

  it('keeps the bcrypt cost in a sane range', () => {
    expect(() => loadConfig(GatewayConfig, { BCRYPT_COST: '3' })).toThrow('invalid configuration: BCRYPT_COST:');
    expect(loadConfig(GatewayConfig, { BCRYPT_COST: '12' }).BCRYPT_COST).toBe(12);
  });

  it('takes a positive whole number of sign-ups per hour', () => {
    expect(loadConfig(GatewayConfig, { SIGNUP_RATE_LIMIT_PER_HOUR: '5' }).SIGNUP_RATE_LIMIT_PER_HOUR).toBe(5);
    for (const value of ['0', '-1', '2.5', 'many']) {
      expect(() => loadConfig(GatewayConfig, { SIGNUP_RATE_LIMIT_PER_HOUR: value })).toThrow('invalid configuration: SIGNUP_RATE_LIMIT_PER_HOUR:');
    }
  });
});
