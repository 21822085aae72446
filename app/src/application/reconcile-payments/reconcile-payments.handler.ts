import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { ORDER_REPOSITORY, OrderRepository } from '../ports/order.repository';
import { PAYMENTS, PaymentsPort } from '../ports/payments.port';

export interface ReconciliationSettings {
  /** A PAYMENT_PENDING order older than this lost its request (crash): it is failed and reconciled. */
  staleAfterMs: number;
  batchSize: number;
}
export const RECONCILIATION_SETTINGS = Symbol('ReconciliationSettings');

export interface ReconciliationReport {
  examined: number;
  settled: number;
  postponed: number;
}

/**
 * Keeps "approved, unrefunded payments = placed orders" true when app did not learn pay's answer.
 * Such orders are never placed (the customer was told so); pay is asked to void the payment if it
 * has none yet (so a late request can't charge) or refund it if it was approved. Idempotent, safe
 * to run on every replica at once.
 */
@Injectable()
export class ReconcilePaymentsHandler {
  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(PAYMENTS) private readonly payments: PaymentsPort,
    @Inject(RECONCILIATION_SETTINGS) private readonly settings: ReconciliationSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(now = new Date()): Promise<ReconciliationReport> {
    const candidates = await this.orders.findNeedingReconciliation(
      new Date(now.getTime() - this.settings.staleAfterMs),
      this.settings.batchSize,
    );
    const report: ReconciliationReport = { examined: candidates.length, settled: 0, postponed: 0 };
    for (const order of candidates) {
      const log = this.logger.child({ orderId: order.id, component: 'reconciliation' });
      if (order.isAwaitingPayment()) {
        order.failPayment('no payment answer recorded in time (request lost or service restarted)', true, now);
        if (!(await this.orders.save(order))) continue; // the request finished meanwhile: next round decides
        log.warn('stale PAYMENT_PENDING order marked PAYMENT_FAILED; settling its payment');
      }
      const outcome = await this.payments.settleUnplacedOrder(order.id, 'order was not placed: payment outcome unknown to app');
      if (outcome.kind === 'unavailable') {
        report.postponed += 1;
        log.info({ reason: outcome.reason }, 'pay unavailable; reconciliation postponed');
        continue;
      }
      order.markReconciled(now);
      await this.orders.save(order);
      report.settled += 1;
      log.info({ paymentStatus: outcome.paymentStatus }, 'uncertain payment settled: no charge remains');
    }
    return report;
  }
}
