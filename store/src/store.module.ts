import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuthModule, PlatformModule } from '@fooddelivery/platform';
import { MessagingModule, messagingOptions } from '@fooddelivery/messaging';
import { RelationalPersistenceModule, relationalTarget } from '@fooddelivery/persistence';
import { StoreConfig } from './store.config';
import { StoreOrderRepository } from './application/ports/store-order.repository';
import { StoreOrderMetrics } from './application/store-order.metrics';
import { ReceiveStoreOrderHandler } from './application/receive-store-order/receive-store-order.handler';
import { CancelStoreOrderHandler } from './application/cancel-store-order/cancel-store-order.handler';
import { ProgressStoreOrderHandler } from './application/progress-store-order/progress-store-order.handler';
import { QueryStoreOrdersHandler } from './application/query-store-orders/query-store-orders.handler';
import { StoreOrdersController } from './adapters/http/store-orders.controller';
import { StoreOrderEventsConsumer } from './adapters/kafka/store-order-events.consumer';
import { StoreOrderRecord } from './adapters/persistence/store-order.orm-entity';
import { TypeOrmStoreOrderRepository } from './adapters/persistence/store-order.typeorm-repository';
import { CreateStoreOrderTable1732600000000 } from './adapters/persistence/migrations/1732600000000-create-store-order-table';

/** How store's error codes answer over HTTP (the platform's filter applies them). */
const ERROR_STATUS: Record<string, number> = {
  'STORE_ORDER.NOT_FOUND': 404,
  'STORE_ORDER.INVALID_TRANSITION': 409,
  'STORE_ORDER.CONFLICT': 409,
  'STORE_ORDER.INVALID': 400,
};

@Module({})
export class StoreModule {
  static forRoot(config: StoreConfig, logger: Logger): DynamicModule {
    return {
      module: StoreModule,
      imports: [
        PlatformModule.forRoot({ service: 'store', logger, errorStatus: ERROR_STATUS }),
        AuthModule.forRoot('store', config),
        MessagingModule.forRoot(messagingOptions('store', config)),
        RelationalPersistenceModule.forRoot(
          relationalTarget('store', config),
          [StoreOrderRecord],
          [CreateStoreOrderTable1732600000000],
        ),
      ],
      controllers: [StoreOrdersController],
      providers: [
        StoreOrderMetrics,
        ReceiveStoreOrderHandler,
        CancelStoreOrderHandler,
        ProgressStoreOrderHandler,
        QueryStoreOrdersHandler,
        StoreOrderEventsConsumer,
        TypeOrmStoreOrderRepository,
        { provide: StoreOrderRepository, useExisting: TypeOrmStoreOrderRepository },
      ],
    };
  }
}
