import type { PaymentRequest, PaymentState } from '../../domain/payment';

/** Charge an order (the ordering context asks, once it has created the order). */
export type ApprovePaymentCommand = PaymentRequest;

/**
 * Approved or declined (declines are answers, not errors). `repeated`: the outcome of an earlier
 * request for the same order, answered again without a new charge.
 */
export interface ApprovePaymentResult {
  outcome: 'approved' | 'declined';
  payment: PaymentState;
  repeated: boolean;
}
