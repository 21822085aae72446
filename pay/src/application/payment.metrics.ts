import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ServiceMetrics } from '@fooddelivery/platform';

export type PaymentOutcome = 'approved' | 'declined' | 'failed' | 'cancelled';
const OUTCOMES: readonly PaymentOutcome[] = ['approved', 'declined', 'failed', 'cancelled'];

/** `payments_total{outcome}` on the service's Prometheus registry. */
@Injectable()
export class PaymentMetrics {
  private readonly payments: Counter<'outcome'>;

  constructor(metrics: ServiceMetrics) {
    this.payments = new Counter({
      name: 'payments_total',
      help: 'Payment outcomes: approved, declined, failed (provider unavailable), cancelled (refunded or voided after a charge)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    for (const outcome of OUTCOMES) this.payments.inc({ outcome }, 0);
  }

  record(outcome: PaymentOutcome): void {
    this.payments.inc({ outcome });
  }
}
