import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuthModule, PlatformModule } from '@fooddelivery/platform';
import { MessagingModule, messagingOptions } from '@fooddelivery/messaging';
import { RelationalPersistenceModule, relationalTarget } from '@fooddelivery/persistence';
import { PayConfig } from './pay.config';
import { ApprovePaymentHandler } from './application/approve-payment/approve-payment.handler';
import { CancelPaymentHandler } from './application/cancel-payment/cancel-payment.handler';
import { GetPaymentHandler } from './application/get-payment/get-payment.handler';
import { PaymentGatewayPort } from './application/ports/payment-gateway.port';
import { PaymentRepository } from './application/ports/payment.repository';
import { PaymentMetrics } from './application/payment.metrics';
import { PaymentRefunds } from './application/payment-refunds';
import { PAYMENT_SETTINGS, PaymentSettings } from './application/payment.settings';
import { PaymentsController } from './adapters/http/payments.controller';
import { GatewayAdminController } from './adapters/http/gateway-admin.controller';
import { OrderEventsConsumer } from './adapters/kafka/order-events.consumer';
import { PaymentRecord } from './adapters/persistence/payment.orm-entity';
import { TypeOrmPaymentRepository } from './adapters/persistence/payment.typeorm-repository';
import { CreatePaymentTable1732500000000 } from './adapters/persistence/migrations/1732500000000-create-payment-table';
import { SimulatedPaymentGateway } from './adapters/pg/simulated-payment-gateway';

/** How the payment context's error codes answer over HTTP (the platform's filter applies them). */
export const PAY_ERROR_STATUS: Record<string, number> = {
  'PAYMENT.INVALID': 400,
  'GATEWAY.INVALID_SETTINGS': 400,
  'PAYMENT.DECLINED': 402,
  'PAYMENT.NOT_FOUND': 404,
  'PAYMENT.CONFLICT': 409,
  'PAYMENT.CANCELLED': 409,
  'PAYMENT.IN_PROGRESS': 409,
  'PAYMENT.INVALID_TRANSITION': 409,
  'PAYMENT.PROVIDER_UNAVAILABLE': 503,
};

@Module({})
export class PayModule {
  static forRoot(config: PayConfig, logger: Logger): DynamicModule {
    const settings: PaymentSettings = {
      approvalLimit: config.PAY_APPROVAL_LIMIT,
      staleAfterMs: config.PAY_PENDING_STALE_MS,
      inProgressWaitMs: config.PAY_IN_PROGRESS_WAIT_MS,
    };
    const gateway = new SimulatedPaymentGateway({
      latencyMs: config.PAY_GATEWAY_LATENCY_MS,
      failureRate: config.PAY_GATEWAY_FAILURE_RATE,
      declineRate: config.PAY_GATEWAY_DECLINE_RATE,
    });
    return {
      module: PayModule,
      imports: [
        PlatformModule.forRoot({ service: 'pay', logger, errorStatus: PAY_ERROR_STATUS }),
        AuthModule.forRoot('pay', config),
        MessagingModule.forRoot(messagingOptions('pay', config)),
        RelationalPersistenceModule.forRoot(relationalTarget('pay', config), [PaymentRecord], [CreatePaymentTable1732500000000]),
      ],
      controllers: [PaymentsController, GatewayAdminController],
      providers: [
        { provide: PAYMENT_SETTINGS, useValue: settings },
        { provide: SimulatedPaymentGateway, useValue: gateway },
        { provide: PaymentGatewayPort, useExisting: SimulatedPaymentGateway },
        { provide: PaymentRepository, useClass: TypeOrmPaymentRepository },
        PaymentMetrics,
        PaymentRefunds,
        ApprovePaymentHandler,
        CancelPaymentHandler,
        GetPaymentHandler,
        OrderEventsConsumer,
      ],
    };
  }
}
