import { ChargeOutcome, ChargeRequest, PaymentGatewayPort } from '../ports/payment-gateway.port';

export type FakeAnswer = 'approve' | 'decline' | 'fail';

/**
 * A scripted payment provider for use-case tests: counts charges and refunds, answers as told, and
 * can run a hook while a charge is "in flight" (to interleave a cancellation).
 */
export class FakePaymentGateway extends PaymentGatewayPort {
  readonly charges: ChargeRequest[] = [];
  readonly refunds: string[] = [];
  answer: FakeAnswer = 'approve';
  refundsFail = false;
  /** Runs after the charge was made, before the answer returns (the provider's latency). */
  whileCharging: (() => Promise<void>) | undefined;
  private sequence = 0;

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    this.charges.push(request);
    const answer = this.answer;
    await this.whileCharging?.();
    if (answer === 'fail') throw new Error('provider timed out');
    if (answer === 'decline') return { outcome: 'declined', reason: 'insufficient funds' };
    return { outcome: 'approved', transactionId: `tx-${++this.sequence}` };
  }

  async refund(transactionId: string): Promise<void> {
    if (this.refundsFail) throw new Error('provider unavailable');
    this.refunds.push(transactionId);
  }
}
