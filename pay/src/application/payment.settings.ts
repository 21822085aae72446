export const PAYMENT_SETTINGS = Symbol('PaymentSettings');

export interface PaymentSettings {
  /** PAY_APPROVAL_LIMIT: amounts above it (won) are declined without a charge. */
  approvalLimit: number;
  /** A PENDING payment older than this is taken to be abandoned (a crash) and may be charged again. */
  staleAfterMs: number;
  /** How long a repeat request waits for a concurrent one on the same order before answering 409. */
  inProgressWaitMs: number;
}
