import { ConfigurationError, loadConfig } from '@fooddelivery/platform';
import { CustomerConfig } from './customer.config';

describe('CustomerConfig', () => {
  it('defaults to the log notifier and the documented settings', () => {
    expect(loadConfig(CustomerConfig, {})).toMatchObject({
      PORT: 8084,
      MONGO_DATABASE: 'fooddelivery_customer',
      NOTIFIER: 'log',
      KAKAO_API_BASE_URL: 'https://kapi.kakao.com',
      KAKAO_LINK_URL: 'http://127.0.0.1:8080',
      NOTIFICATION_MAX_ATTEMPTS: 8,
      NOTIFICATION_RETRY_BASE_MS: 1000,
      NOTIFICATION_DISPATCH_INTERVAL_MS: 1000,
      STREAM_POLL_INTERVAL_MS: 1000,
      STREAM_HEARTBEAT_INTERVAL_MS: 15000,
    });
  });

  it.each([
    [
      { NOTIFIER: 'webhook' },
      'invalid configuration: NOTIFIER_WEBHOOK_URL: required when NOTIFIER=webhook (it is not set)',
    ],
    [{ NOTIFIER: 'kakao' }, 'invalid configuration: KAKAO_ACCESS_TOKEN: required when NOTIFIER=kakao (it is not set)'],
    [{ NOTIFIER: 'sms' }, 'invalid configuration: NOTIFIER: must be one of log, webhook, kakao (got "sms")'],
    [
      { NOTIFIER: 'webhook', NOTIFIER_WEBHOOK_URL: 'ftp://x' },
      /^invalid configuration: NOTIFIER_WEBHOOK_URL: must be an http\(s\) URL/,
    ],
    [{ NOTIFICATION_MAX_ATTEMPTS: '0' }, /^invalid configuration: NOTIFICATION_MAX_ATTEMPTS: /],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(CustomerConfig, env)).toThrow(ConfigurationError);
    expect(() => loadConfig(CustomerConfig, env)).toThrow(message);
  });

  it('accepts a complete webhook or kakao setup, and never echoes the token', () => {
    expect(
      loadConfig(CustomerConfig, { NOTIFIER: 'webhook', NOTIFIER_WEBHOOK_URL: 'http://hooks.local/n' }).NOTIFIER,
    ).toBe('webhook');
    expect(loadConfig(CustomerConfig, { NOTIFIER: 'kakao', KAKAO_ACCESS_TOKEN: 'abc' }).KAKAO_ACCESS_TOKEN).toBe('abc');
    expect(() =>
      loadConfig(CustomerConfig, { NOTIFIER: 'kakao', KAKAO_ACCESS_TOKEN: 'abc', KAKAO_API_BASE_URL: 'nope' }),
    ).toThrow(/KAKAO_API_BASE_URL/);
  });
});
