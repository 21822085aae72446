import { Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Payment } from '../domain/payment';
import { PaymentGatewayPort, PaymentProviderUnavailableError } from './ports/payment-gateway.port';
import { PaymentRepository } from './ports/payment.repository';
import { PaymentMetrics } from './payment.metrics';

const MAX_ROUNDS = 10;

/** Giving charges back at the provider; shared by cancellation and by approvals that lost a race. */
@Injectable()
export class PaymentRefunds {
  constructor(
    private readonly gateway: PaymentGatewayPort,
    private readonly payments: PaymentRepository,
    private readonly metrics: PaymentMetrics,
  ) {}

  /** Refunds a charge; the provider being unreachable becomes PaymentProviderUnavailableError. */
  async refund(orderId: string, transactionId: string, log: Logger): Promise<void> {
    try {
      await this.gateway.refund(transactionId);
    } catch (error) {
      log.warn({ err: error, transactionId }, 'refund failed: the payment provider is unavailable');
      throw new PaymentProviderUnavailableError(orderId, error);
    }
    log.info({ transactionId }, 'charge refunded at the payment provider');
  }

  /**
   * A voided payment whose late charge has not been refunded yet: refund it and record that.
   * Returns the payment as stored afterwards.
   */
  async settleOwed(payment: Payment, log: Logger): Promise<Payment> {
    let current: Payment | undefined = payment;
    for (let round = 1; round <= MAX_ROUNDS && current?.owesRefund && current.transactionId; round++) {
      await this.refund(current.orderId, current.transactionId, log);
      current.refundSettled(new Date());
      if ((await this.payments.update(current)) === 'saved') {
        this.metrics.record('cancelled');
        log.warn({ paymentId: current.paymentId, transactionId: current.transactionId }, 'late charge of a voided payment refunded');
        return current;
      }
      current = await this.payments.findByOrderId(payment.orderId);
    }
    if (!current) throw new Error(`the payment of order ${payment.orderId} disappeared`);
    return current;
  }
}
