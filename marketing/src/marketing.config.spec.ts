import { ConfigurationError, loadConfig } from '@fooddelivery/platform';
import { MarketingConfig } from './marketing.config';
import { marketingSettings } from './marketing.module';

describe('MarketingConfig', () => {
  it('defaults to port 8085, its own consumer group, 3000/5000 won coupons and a loyalty coupon every 3rd order', () => {
    const config = loadConfig(MarketingConfig, {});
    expect(config).toMatchObject({
      PORT: 8085,
      KAFKA_TOPIC: 'fooddelivery',
      SQLITE_PATH: 'data/marketing.sqlite',
      COUPON_WELCOME_DISCOUNT: 3000,
      COUPON_LOYALTY_DISCOUNT: 5000,
      COUPON_LOYALTY_EVERY: 3,
      COUPON_VALID_DAYS: 30,
      RECOMMENDATION_LIMIT: 10,
      RECOMMENDATION_WINDOW_DAYS: 30,
      RECOMMENDATION_HALF_LIFE_DAYS: 7,
    });
    expect(config.KAFKA_CONSUMER_GROUP).toBeUndefined();
    expect(marketingSettings(config)).toEqual({
      coupons: { welcomeDiscount: 3000, loyaltyDiscount: 5000, loyaltyEvery: 3, validDays: 30 },
      recommendations: { limit: 10, windowDays: 30, halfLifeDays: 7, neighbourLimit: 500, recentLimit: 5000 },
    });
  });

  it('reads the coupon terms from the environment', () => {
    const config = loadConfig(MarketingConfig, {
      COUPON_WELCOME_DISCOUNT: '1000',
      COUPON_LOYALTY_DISCOUNT: '2000',
      COUPON_LOYALTY_EVERY: '1',
    });
    expect(marketingSettings(config).coupons).toMatchObject({
      welcomeDiscount: 1000,
      loyaltyDiscount: 2000,
      loyaltyEvery: 1,
    });
  });

  it.each([
    ['COUPON_LOYALTY_EVERY', '0'],
    ['COUPON_WELCOME_DISCOUNT', '-5'],
    ['COUPON_LOYALTY_DISCOUNT', 'lots'],
    ['RECOMMENDATION_LIMIT', '51'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig(MarketingConfig, { [name]: value })).toThrow(ConfigurationError);
    expect(() => loadConfig(MarketingConfig, { [name]: value })).toThrow(
      new RegExp(`^invalid configuration: ${name}:`),
    );
  });
});
