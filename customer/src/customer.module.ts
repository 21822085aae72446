import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import type { Logger } from 'pino';
import { AuthModule, PlatformModule } from '@fooddelivery/platform';
import { MessagingModule, messagingOptions } from '@fooddelivery/messaging';
import { DocumentPersistenceModule } from '@fooddelivery/persistence';
import { CustomerConfig } from './customer.config';
import { ORDER_STATUS_REPOSITORY } from './application/ports/order-status.repository';
import { NOTIFICATION_REPOSITORY } from './application/ports/notification.repository';
import { NOTIFIER } from './application/ports/notifier.port';
import { ORDER_STATUS_CHANGES } from './application/ports/order-status-changes.port';
import { ProjectOrderStatusHandler } from './application/project-order-status/project-order-status.handler';
import { QueryOrderStatusHandler } from './application/query-order-status/query-order-status.handler';
import {
  STREAM_SETTINGS,
  StreamOrderStatusHandler,
} from './application/stream-order-status/stream-order-status.handler';
import {
  DISPATCH_SETTINGS,
  DispatchNotificationsHandler,
} from './application/dispatch-notifications/dispatch-notifications.handler';
import { OrderStatusController } from './adapters/http/order-status.controller';
import { NotificationsController } from './adapters/http/notifications.controller';
import { OrderStatusConsumer } from './adapters/kafka/order-status.consumer';
import { ORDER_STATUS_VIEW_MODEL, OrderStatusViewSchema } from './adapters/persistence/order-status-view.schema';
import { NOTIFICATION_MODEL, NotificationSchema } from './adapters/persistence/notification.schema';
import { OrderStatusViewMongoRepository } from './adapters/persistence/order-status-view.mongo-repository';
import { NotificationMongoRepository } from './adapters/persistence/notification.mongo-repository';
import { InProcessOrderStatusChanges } from './adapters/change-feed/in-process-order-status-changes';
import { notifierFor } from './adapters/notifier/notifier.factory';
import { NotificationMetrics } from './adapters/scheduling/notification.metrics';
import {
  DISPATCH_INTERVAL_MS,
  NotificationDispatchScheduler,
} from './adapters/scheduling/notification-dispatch.scheduler';

/** How the customer center's error codes answer over HTTP (the platform's filter applies them). */
const ERROR_STATUS: Record<string, number> = {
  'ORDER_STATUS.NOT_FOUND': 404,
  'ORDER_STATUS.STREAM_ENDED': 204,
};

@Module({})
export class CustomerModule {
  static forRoot(config: CustomerConfig, logger: Logger): DynamicModule {
    return {
      module: CustomerModule,
      imports: [
        PlatformModule.forRoot({ service: 'customer', logger, errorStatus: ERROR_STATUS }),
        AuthModule.forRoot('customer', config),
        MessagingModule.forRoot(messagingOptions('customer', config)),
        DocumentPersistenceModule.forRoot(config.MONGO_URL, config.MONGO_DATABASE, config.MONGO_POOL_SIZE),
        MongooseModule.forFeature([
          { name: ORDER_STATUS_VIEW_MODEL, schema: OrderStatusViewSchema },
          { name: NOTIFICATION_MODEL, schema: NotificationSchema },
        ]),
      ],
      controllers: [OrderStatusController, NotificationsController],
      providers: [
        ProjectOrderStatusHandler,
        QueryOrderStatusHandler,
        StreamOrderStatusHandler,
        DispatchNotificationsHandler,
        OrderStatusViewMongoRepository,
        NotificationMongoRepository,
        InProcessOrderStatusChanges,
        NotificationMetrics,
        OrderStatusConsumer,
        NotificationDispatchScheduler,
        { provide: ORDER_STATUS_REPOSITORY, useExisting: OrderStatusViewMongoRepository },
        { provide: NOTIFICATION_REPOSITORY, useExisting: NotificationMongoRepository },
        { provide: ORDER_STATUS_CHANGES, useExisting: InProcessOrderStatusChanges },
        { provide: NOTIFIER, useValue: notifierFor(config, logger) },
        {
          provide: STREAM_SETTINGS,
          useValue: {
            pollIntervalMs: config.STREAM_POLL_INTERVAL_MS,
            heartbeatIntervalMs: config.STREAM_HEARTBEAT_INTERVAL_MS,
          },
        },
        {
          provide: DISPATCH_SETTINGS,
          useValue: {
            batchSize: config.NOTIFICATION_BATCH_SIZE,
            // an attempt can't outlast the notifier's timeout; the lease leaves ample room
            leaseMs: Math.max(30_000, config.NOTIFIER_TIMEOUT_MS * 3),
            retry: {
              maxAttempts: config.NOTIFICATION_MAX_ATTEMPTS,
              baseDelayMs: config.NOTIFICATION_RETRY_BASE_MS,
              maxDelayMs: Math.max(config.NOTIFICATION_RETRY_MAX_MS, config.NOTIFICATION_RETRY_BASE_MS),
            },
          },
        },
        { provide: DISPATCH_INTERVAL_MS, useValue: config.NOTIFICATION_DISPATCH_INTERVAL_MS },
      ],
    };
  }
}
