import { Test } from '@nestjs/testing';
import pino from 'pino';
import { LOGGER, ServiceMetrics } from '@fooddelivery/platform';
import { ApprovePaymentHandler } from '../approve-payment/approve-payment.handler';
import { CancelPaymentHandler } from '../cancel-payment/cancel-payment.handler';
import { GetPaymentHandler } from '../get-payment/get-payment.handler';
import { PaymentGatewayPort } from '../ports/payment-gateway.port';
import { PaymentRepository } from '../ports/payment.repository';
import { PaymentMetrics } from '../payment.metrics';
import { PaymentRefunds } from '../payment-refunds';
import { PAYMENT_SETTINGS, PaymentSettings } from '../payment.settings';
import { FakePaymentGateway } from './fake-payment-gateway';
import { InMemoryPaymentRepository } from './in-memory-payment.repository';

export interface PaymentTestContext {
  approve: ApprovePaymentHandler;
  cancel: CancelPaymentHandler;
  get: GetPaymentHandler;
  payments: InMemoryPaymentRepository;
  gateway: FakePaymentGateway;
  metrics: ServiceMetrics;
  /** The value of payments_total for one outcome. */
  count(outcome: string): Promise<number>;
}

/** The use cases wired as in PayModule, with in-memory fakes of the ports. */
export async function paymentTestModule(settings: Partial<PaymentSettings> = {}): Promise<PaymentTestContext> {
  const payments = new InMemoryPaymentRepository();
  const gateway = new FakePaymentGateway();
  const metrics = new ServiceMetrics('pay');
  const module = await Test.createTestingModule({
    providers: [
      { provide: PAYMENT_SETTINGS, useValue: { approvalLimit: 1_000_000, staleAfterMs: 60_000, inProgressWaitMs: 0, ...settings } },
      { provide: LOGGER, useValue: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) },
      { provide: ServiceMetrics, useValue: metrics },
      { provide: PaymentRepository, useValue: payments },
      { provide: PaymentGatewayPort, useValue: gateway },
      PaymentMetrics,
      PaymentRefunds,
      ApprovePaymentHandler,
      CancelPaymentHandler,
      GetPaymentHandler,
    ],
  }).compile();
  return {
    approve: module.get(ApprovePaymentHandler),
    cancel: module.get(CancelPaymentHandler),
    get: module.get(GetPaymentHandler),
    payments,
    gateway,
    metrics,
    count: async (outcome) => {
      const metric = await metrics.registry.getSingleMetric('payments_total')?.get();
      return metric?.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
    },
  };
}
