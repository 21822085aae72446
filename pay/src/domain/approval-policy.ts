/**
 * The decline rule of pay itself, applied before the payment provider is asked: an amount above the
 * approval limit (PAY_APPROVAL_LIMIT, in won) is declined without a charge. The provider may still
 * decline what this rule lets through.
 */
export class ApprovalPolicy {
  constructor(readonly approvalLimit: number) {
    if (!Number.isSafeInteger(approvalLimit) || approvalLimit < 0) {
      throw new RangeError(`the approval limit must be a non-negative integer (got ${approvalLimit})`);
    }
  }

  /** Why this amount is declined, or undefined when it may be charged. */
  refusal(amount: number): string | undefined {
    if (amount > this.approvalLimit) {
      return `amount ${amount} exceeds the approval limit of ${this.approvalLimit} won`;
    }
    return undefined;
  }
}
