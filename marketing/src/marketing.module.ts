import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuthModule, PlatformModule } from '@fooddelivery/platform';
import { MessagingModule, messagingOptions } from '@fooddelivery/messaging';
import { RelationalPersistenceModule, relationalTarget } from '@fooddelivery/persistence';
import { MarketingConfig } from './marketing.config';
import { MARKETING_SETTINGS, MarketingSettings } from './application/marketing.settings';
import { MarketingMetrics } from './application/marketing.metrics';
import { CustomerLoyaltyRepository } from './application/ports/customer-loyalty.repository';
import { CustomerOrderRepository } from './application/ports/customer-order.repository';
import { RecordDeliveryHandler } from './application/record-delivery/record-delivery.handler';
import { RecordPlacedOrderHandler } from './application/record-placed-order/record-placed-order.handler';
import { VoidOrderHandler } from './application/void-order/void-order.handler';
import { ListCouponsHandler } from './application/list-coupons/list-coupons.handler';
import { GetRecommendationsHandler } from './application/get-recommendations/get-recommendations.handler';
import { CouponsController } from './adapters/http/coupons.controller';
import { RecommendationsController } from './adapters/http/recommendations.controller';
import { MarketingEventsConsumer } from './adapters/kafka/marketing-events.consumer';
import { CouponRecord, CustomerLoyaltyRecord, DeliveredOrderRecord } from './adapters/persistence/loyalty.orm-entities';
import { CustomerOrderLineRecord, CustomerOrderRecord } from './adapters/persistence/customer-order.orm-entities';
import { TypeOrmCustomerLoyaltyRepository } from './adapters/persistence/customer-loyalty.typeorm-repository';
import { TypeOrmCustomerOrderRepository } from './adapters/persistence/customer-order.typeorm-repository';
import { CreateMarketingTables1732700000000 } from './adapters/persistence/migrations/1732700000000-create-marketing-tables';

/** How marketing's error codes answer over HTTP (the platform's filter applies them). */
const ERROR_STATUS: Record<string, number> = {
  'MARKETING.INVALID': 400,
  'MARKETING.FORBIDDEN': 403,
};

export function marketingSettings(config: MarketingConfig): MarketingSettings {
  return {
    coupons: {
      welcomeDiscount: config.COUPON_WELCOME_DISCOUNT,
      loyaltyDiscount: config.COUPON_LOYALTY_DISCOUNT,
      loyaltyEvery: config.COUPON_LOYALTY_EVERY,
      validDays: config.COUPON_VALID_DAYS,
    },
    recommendations: {
      limit: config.RECOMMENDATION_LIMIT,
      windowDays: config.RECOMMENDATION_WINDOW_DAYS,
      halfLifeDays: config.RECOMMENDATION_HALF_LIFE_DAYS,
      neighbourLimit: config.RECOMMENDATION_NEIGHBOURS,
      recentLimit: config.RECOMMENDATION_RECENT_LINES,
    },
  };
}

/**
 * Marketing: coupons and recommendations, built only from events other services publish anyway.
 * Its own consumer group, its own database, its own outbox; nothing else calls it but the gateway.
 */
@Module({})
export class MarketingModule {
  static forRoot(config: MarketingConfig, logger: Logger): DynamicModule {
    return {
      module: MarketingModule,
      imports: [
        PlatformModule.forRoot({ service: 'marketing', logger, errorStatus: ERROR_STATUS }),
        AuthModule.forRoot('marketing', config),
        MessagingModule.forRoot(messagingOptions('marketing', config)),
        RelationalPersistenceModule.forRoot(
          relationalTarget('marketing', config),
          [CustomerLoyaltyRecord, DeliveredOrderRecord, CouponRecord, CustomerOrderRecord, CustomerOrderLineRecord],
          [CreateMarketingTables1732700000000],
        ),
      ],
      controllers: [CouponsController, RecommendationsController],
      providers: [
        { provide: MARKETING_SETTINGS, useValue: marketingSettings(config) },
        MarketingMetrics,
        RecordDeliveryHandler,
        RecordPlacedOrderHandler,
        VoidOrderHandler,
        ListCouponsHandler,
        GetRecommendationsHandler,
        MarketingEventsConsumer,
        TypeOrmCustomerLoyaltyRepository,
        TypeOrmCustomerOrderRepository,
        { provide: CustomerLoyaltyRepository, useExisting: TypeOrmCustomerLoyaltyRepository },
        { provide: CustomerOrderRepository, useExisting: TypeOrmCustomerOrderRepository },
      ],
    };
  }
}
