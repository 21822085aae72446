import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Logger } from 'pino';
import { AuthModule, PlatformModule } from '@fooddelivery/platform';
import { MessagingModule, messagingOptions } from '@fooddelivery/messaging';
import { DocumentPersistenceModule } from '@fooddelivery/persistence';
import { AppConfig, demoCatalogEnabled } from './app.config';
import { ORDER_REPOSITORY } from './application/ports/order.repository';
import { CATALOG_REPOSITORY } from './application/ports/catalog.repository';
import { PAYMENTS } from './application/ports/payments.port';
import { PlaceOrderHandler } from './application/place-order/place-order.handler';
import { ORDER_ADMISSION, OrderAdmission } from './application/place-order/order-admission';
import { CancelOrderHandler } from './application/cancel-order/cancel-order.handler';
import { QueryOrdersHandler } from './application/query-orders/query-orders.handler';
import { BrowseCatalogHandler } from './application/browse-catalog/browse-catalog.handler';
import {
  RECONCILIATION_SETTINGS,
  ReconcilePaymentsHandler,
} from './application/reconcile-payments/reconcile-payments.handler';
import { OrdersController } from './adapters/http/orders.controller';
import { StoresController } from './adapters/http/stores.controller';
import { ORDER_MODEL, OrderSchema } from './adapters/persistence/order.schema';
import { STORE_MODEL, StoreSchema } from './adapters/persistence/store.schema';
import { OrderMongoRepository } from './adapters/persistence/order.mongo-repository';
import { CatalogMongoRepository } from './adapters/persistence/catalog.mongo-repository';
import { DEMO_CATALOG_ENABLED, DemoCatalogLoader } from './adapters/persistence/demo-catalog.loader';
import { PAY_BREAKER_SETTINGS } from './adapters/pay/pay-breaker.settings';
import { PayHttpClient } from './adapters/pay/pay-http.client';
import { PayBreakerAdminController } from './adapters/http/pay-breaker-admin.controller';
import { OrderOutbox } from './adapters/kafka/order-outbox';
import { OrderTrackingConsumer } from './adapters/kafka/order-tracking.consumer';
import { TrackOrderHandler } from './application/track-order/track-order.handler';
import { RECONCILE_INTERVAL_MS, ReconciliationScheduler } from './adapters/scheduling/reconciliation.scheduler';

/** How the ordering domain's error codes answer over HTTP (the platform's filter applies them). */
const ERROR_STATUS: Record<string, number> = {
  'CATALOG.STORE_NOT_FOUND': 404,
  'ORDER.INVALID_REQUEST': 400,
  'ORDER.NOT_FOUND': 404,
  'ORDER.NOT_CANCELLABLE': 409,
  'ORDER.CUSTOMERS_ONLY': 403,
  'ORDER.CONFLICT': 409,
  'ORDER.IDEMPOTENCY_KEY_REUSED': 422,
  'ORDER.PAYMENT_IN_PROGRESS': 409,
  'PAYMENT.DECLINED': 402,
  'PAYMENT.UNAVAILABLE': 503,
  'ORDER.BUSY': 503,
};

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'app', logger, errorStatus: ERROR_STATUS }),
        AuthModule.forRoot('app', config),
        MessagingModule.forRoot(messagingOptions('app', config)),
        DocumentPersistenceModule.forRoot(config.MONGO_URL, config.MONGO_DATABASE, config.MONGO_POOL_SIZE),
        MongooseModule.forFeature([
          { name: ORDER_MODEL, schema: OrderSchema },
          { name: STORE_MODEL, schema: StoreSchema },
        ]),
      ],
      controllers: [StoresController, OrdersController, PayBreakerAdminController],
      providers: [
        PlaceOrderHandler,
        CancelOrderHandler,
        QueryOrdersHandler,
        BrowseCatalogHandler,
        ReconcilePaymentsHandler,
        TrackOrderHandler,
        OrderTrackingConsumer,
        OrderMongoRepository,
        CatalogMongoRepository,
        OrderOutbox,
        PayHttpClient,
        DemoCatalogLoader,
        ReconciliationScheduler,
        { provide: ORDER_REPOSITORY, useExisting: OrderMongoRepository },
        { provide: CATALOG_REPOSITORY, useExisting: CatalogMongoRepository },
        { provide: PAYMENTS, useExisting: PayHttpClient },
        { provide: DEMO_CATALOG_ENABLED, useValue: demoCatalogEnabled(config) },
        {
          provide: ORDER_ADMISSION,
          useValue: new OrderAdmission({ concurrency: config.ORDER_PLACEMENT_CONCURRENCY, maxWaiting: config.ORDER_PLACEMENT_QUEUE }),
        },
        { provide: RECONCILE_INTERVAL_MS, useValue: config.RECONCILE_INTERVAL_MS },
        {
          provide: RECONCILIATION_SETTINGS,
          useValue: { staleAfterMs: config.RECONCILE_STALE_AFTER_MS, batchSize: 50 },
        },
        {
          provide: PAY_BREAKER_SETTINGS,
          useValue: {
            urls: config.PAY_URL,
            checkIntervalMs: config.UPSTREAM_CHECK_INTERVAL_MS,
            timeoutMs: config.PAY_TIMEOUT_MS,
            errorThresholdPercentage: config.PAY_BREAKER_ERROR_THRESHOLD_PERCENT,
            volumeThreshold: config.PAY_BREAKER_VOLUME_THRESHOLD,
            rollingCountTimeoutMs: config.PAY_BREAKER_ROLLING_WINDOW_MS,
            resetTimeoutMs: config.PAY_BREAKER_RESET_TIMEOUT_MS,
            capacity: config.PAY_BREAKER_CAPACITY,
          },
        },
      ],
    };
  }
}
