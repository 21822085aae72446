import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { ApprovalPolicy } from '../../domain/approval-policy';
import { Payment } from '../../domain/payment';
import { PaymentCancelledError, PaymentConflictError, PaymentInProgressError } from '../../domain/payment.errors';
import { ChargeOutcome, PaymentGatewayPort, PaymentProviderUnavailableError } from '../ports/payment-gateway.port';
import { PaymentRepository } from '../ports/payment.repository';
import { PaymentMetrics } from '../payment.metrics';
import { PaymentRefunds } from '../payment-refunds';
import { PAYMENT_SETTINGS, PaymentSettings } from '../payment.settings';
import { ApprovePaymentCommand, ApprovePaymentResult } from './approve-payment.command';

/** Decide again with what is stored now (someone else changed the payment meanwhile). */
const RELOAD = Symbol('reload');
type Step = ApprovePaymentResult | typeof RELOAD;

const POLL_MS = 100;
const MAX_CONFLICTS = 20;

/**
 * Charges an order at most once, in three steps, so that there is never a charge without a payment
 * record, nor one that outlives a cancellation:
 *  (a) store the payment PENDING: the unique orderId claims it (a concurrent duplicate collides and
 *      becomes a repeat);
 *  (b) ask the provider to charge, outside any transaction;
 *  (c) store APPROVED with PaymentApproved in the outbox (or DECLINED) only if the payment is still
 *      as we left it. If it was voided meanwhile, the charge is refunded and the caller gets 409.
 * A repeat for the same order answers the stored outcome; a FAILED or abandoned (stale PENDING)
 * payment is charged again, relying on the provider's idempotency per orderId.
 */
@Injectable()
export class ApprovePaymentHandler {
  private readonly policy: ApprovalPolicy;

  constructor(
    private readonly payments: PaymentRepository,
    private readonly gateway: PaymentGatewayPort,
    private readonly refunds: PaymentRefunds,
    private readonly metrics: PaymentMetrics,
    @Inject(PAYMENT_SETTINGS) private readonly settings: PaymentSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.policy = new ApprovalPolicy(settings.approvalLimit);
  }

  async execute(command: ApprovePaymentCommand): Promise<ApprovePaymentResult> {
    const log = this.logger.child({ orderId: command.orderId });
    const waitUntil = Date.now() + this.settings.inProgressWaitMs;
    const maxRounds = MAX_CONFLICTS + Math.ceil(this.settings.inProgressWaitMs / POLL_MS);
    for (let round = 1; round <= maxRounds; round++) {
      const existing = await this.payments.findByOrderId(command.orderId);
      const step = existing ? await this.repeat(existing, command, log, waitUntil) : await this.first(command, log);
      if (step !== RELOAD) return step;
    }
    throw new PaymentInProgressError(command.orderId);
  }

  private async first(command: ApprovePaymentCommand, log: Logger): Promise<Step> {
    const payment = Payment.request(command, randomUUID(), this.policy, new Date());
    // a concurrent request for the same order claimed it first: this one is a repeat
    if ((await this.payments.add(payment)) !== 'saved') return RELOAD;
    if (payment.status === 'DECLINED') {
      this.metrics.record('declined');
      log.info({ paymentId: payment.paymentId, amount: payment.amount, reason: payment.reason }, 'payment declined by the approval limit');
      return { outcome: 'declined', payment: payment.snapshot(), repeated: false };
    }
    log.info({ paymentId: payment.paymentId, amount: payment.amount }, 'payment requested; charging');
    return this.charge(payment, log);
  }

  private async repeat(existing: Payment, command: ApprovePaymentCommand, log: Logger, waitUntil: number): Promise<Step> {
    const { orderId } = command;
    if (existing.isCancelled) {
      if (existing.owesRefund) await this.refunds.settleOwed(existing, log);
      log.info({ paymentId: existing.paymentId, status: existing.status }, 'payment request refused: the payment was cancelled');
      throw new PaymentCancelledError(orderId);
    }
    const difference = existing.differenceFrom(command);
    if (difference) {
      log.warn({ paymentId: existing.paymentId, difference }, 'payment request refused: it differs from the stored payment');
      throw new PaymentConflictError(orderId, difference);
    }
    switch (existing.status) {
      case 'APPROVED':
      case 'DECLINED':
        log.info({ paymentId: existing.paymentId, status: existing.status }, 'repeat request: answering the stored outcome, no new charge');
        return { outcome: existing.status === 'APPROVED' ? 'approved' : 'declined', payment: existing.snapshot(), repeated: true };
      case 'FAILED':
        return this.retry(existing, log, 'the previous attempt could not reach the provider');
      default: {
        if (existing.isStale(new Date(), this.settings.staleAfterMs)) {
          return this.retry(existing, log, `it was PENDING for more than ${this.settings.staleAfterMs} ms`);
        }
        if (Date.now() >= waitUntil) throw new PaymentInProgressError(orderId);
        await sleep(POLL_MS);
        return RELOAD;
      }
    }
  }

  private async retry(payment: Payment, log: Logger, why: string): Promise<Step> {
    payment.retry(new Date());
    if ((await this.payments.update(payment)) !== 'saved') return RELOAD;
    log.info({ paymentId: payment.paymentId, attempt: payment.snapshot().attempts }, `charging again: ${why}`);
    return this.charge(payment, log);
  }

  /** (b) and (c): ask the provider, then store the outcome if the payment is still ours to decide. */
  private async charge(payment: Payment, log: Logger): Promise<Step> {
    const { orderId, paymentId } = payment;
    let charge: ChargeOutcome;
    try {
      charge = await this.gateway.charge({ orderId, amount: payment.amount });
    } catch (error) {
      log.warn({ err: error, paymentId }, 'the payment provider is unavailable; the payment is FAILED and may be retried');
      payment.fail(`payment provider unavailable: ${error instanceof Error ? error.message : String(error)}`, new Date());
      // a conflict means it was voided meanwhile: nothing was charged, nothing to undo
      await this.payments.update(payment);
      this.metrics.record('failed');
      throw new PaymentProviderUnavailableError(orderId, error);
    }
    if (charge.outcome === 'declined') payment.decline(charge.reason, new Date());
    else payment.approve(charge.transactionId, new Date());
    if ((await this.payments.update(payment)) !== 'saved') return this.settle(orderId, charge, log);
    return this.decided(payment, log);
  }

  private decided(payment: Payment, log: Logger): ApprovePaymentResult {
    const { paymentId, amount, transactionId, reason } = payment;
    if (payment.status === 'APPROVED') {
      this.metrics.record('approved');
      log.info({ paymentId, amount, transactionId }, 'payment approved');
      return { outcome: 'approved', payment: payment.snapshot(), repeated: false };
    }
    this.metrics.record('declined');
    log.info({ paymentId, amount, reason }, 'payment declined by the provider');
    return { outcome: 'declined', payment: payment.snapshot(), repeated: false };
  }

  /**
   * The payment changed while the provider was charging it. Reconcile the provider's answer with
   * what is stored: a charge nobody may keep is refunded.
   */
  private async settle(orderId: string, charge: ChargeOutcome, log: Logger): Promise<ApprovePaymentResult> {
    const transactionId = charge.outcome === 'approved' ? charge.transactionId : undefined;
    for (let round = 1; round <= MAX_CONFLICTS; round++) {
      const current = await this.payments.findByOrderId(orderId);
      if (!current) throw new Error(`the payment of order ${orderId} disappeared`);
      switch (current.status) {
        case 'PENDING':
        case 'FAILED': {
          // another attempt re-claimed it (ours outlived the stale threshold): our answer stands
          if (current.status === 'FAILED') current.retry(new Date());
          if (charge.outcome === 'declined') current.decline(charge.reason, new Date());
          else current.approve(charge.transactionId, new Date());
          if ((await this.payments.update(current)) === 'saved') return this.decided(current, log);
          continue;
        }
        case 'APPROVED':
        case 'DECLINED': {
          // another attempt decided it; a charge of ours that is not the stored one is given back
          if (transactionId && transactionId !== current.transactionId) await this.refunds.refund(orderId, transactionId, log);
          const outcome = current.status === 'APPROVED' ? 'approved' : 'declined';
          return { outcome, payment: current.snapshot(), repeated: true };
        }
        case 'CANCELLED':
          if (transactionId && transactionId !== current.transactionId) await this.refunds.refund(orderId, transactionId, log);
          throw new PaymentCancelledError(orderId, 'while-processing', transactionId !== undefined);
        case 'VOIDED': {
          if (transactionId) {
            if (current.transactionId === undefined) {
              // remember the charge before refunding it: if the refund fails, the next cancel or repeat retries it
              current.chargedAfterVoid(transactionId, new Date());
              if ((await this.payments.update(current)) !== 'saved') continue;
            }
            if (current.transactionId === transactionId) {
              if (current.owesRefund) await this.refunds.settleOwed(current, log);
            } else {
              await this.refunds.refund(orderId, transactionId, log);
              this.metrics.record('cancelled');
            }
          }
          log.warn({ paymentId: current.paymentId, transactionId }, 'the payment was voided while it was being charged');
          throw new PaymentCancelledError(orderId, 'while-processing', transactionId !== undefined);
        }
      }
    }
    throw new PaymentInProgressError(orderId);
  }
}
