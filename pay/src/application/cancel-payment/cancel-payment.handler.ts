import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { Payment, PaymentState } from '../../domain/payment';
import { PaymentInProgressError } from '../../domain/payment.errors';
import { PaymentRepository, SaveOptions, SaveResult } from '../ports/payment.repository';
import { PaymentMetrics } from '../payment.metrics';
import { PaymentRefunds } from '../payment-refunds';
import { CancelPaymentCommand } from './cancel-payment.command';

const MAX_ROUNDS = 10;

/**
 * Makes sure an order keeps no charge, whatever pay knows of it (idempotent):
 *  - APPROVED: refund at the provider, then CANCELLED with PaymentCancelled in the outbox;
 *  - PENDING or FAILED: VOIDED (a charge still in flight is refunded when it completes);
 *  - no payment at all: a VOIDED tombstone, so a late request for this order can never charge;
 *  - CANCELLED, DECLINED, VOIDED: nothing to do (a late charge still owed back is refunded).
 * Returns the payment as stored afterwards.
 */
@Injectable()
export class CancelPaymentHandler {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly refunds: PaymentRefunds,
    private readonly metrics: PaymentMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: CancelPaymentCommand): Promise<PaymentState> {
    const { orderId, reason, causationId } = command;
    const log = this.logger.child({ orderId, ...(causationId ? { causationId } : {}) });
    const options: SaveOptions = causationId ? { consumedEventId: causationId } : {};
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const payment = await this.payments.findByOrderId(orderId);
      if (!payment) {
        const tombstone = Payment.voidUnknown(orderId, randomUUID(), reason, new Date());
        const result = await this.payments.add(tombstone, options);
        if (result === 'conflict') continue;
        if (result === 'saved') {
          log.info({ paymentId: tombstone.paymentId, reason }, 'no payment for this order: recorded a void so a late request can never charge it');
        }
        return this.outcome(result, tombstone);
      }
      switch (payment.cancellation()) {
        case 'nothing':
          log.info({ paymentId: payment.paymentId, status: payment.status }, 'cancel: nothing to refund');
          return payment.snapshot();
        case 'settle-refund':
          return (await this.refunds.settleOwed(payment, log)).snapshot();
        case 'void': {
          payment.void(reason, new Date());
          const result = await this.payments.update(payment, options);
          if (result === 'conflict') continue;
          if (result === 'saved') {
            log.info({ paymentId: payment.paymentId, reason }, 'payment voided before its charge completed; a charge still in flight will be refunded');
          }
          return this.outcome(result, payment);
        }
        case 'refund': {
          // refund first: CANCELLED and PaymentCancelled must never be stored for a charge still held
          const { transactionId } = payment;
          if (!transactionId) throw new Error(`the approved payment of order ${orderId} has no transactionId`);
          await this.refunds.refund(orderId, transactionId, log);
          payment.cancel(reason, new Date(), causationId);
          const result = await this.payments.update(payment, options);
          // a conflict: someone else changed it meanwhile; the refund is idempotent, decide again
          if (result === 'conflict') continue;
          if (result === 'saved') {
            this.metrics.record('cancelled');
            log.info({ paymentId: payment.paymentId, amount: payment.amount, reason }, 'payment refunded and cancelled');
          }
          return this.outcome(result, payment);
        }
      }
    }
    throw new PaymentInProgressError(orderId);
  }

  /** The payment as stored: ours when saved, the stored one when the event had been applied before. */
  private async outcome(result: Exclude<SaveResult, 'conflict'>, payment: Payment): Promise<PaymentState> {
    if (result === 'saved') return payment.snapshot();
    const stored = await this.payments.findByOrderId(payment.orderId);
    return (stored ?? payment).snapshot();
  }
}
