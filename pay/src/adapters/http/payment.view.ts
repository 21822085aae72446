import type { OrderLine, PaymentState, PaymentStatus } from '../../domain/payment';

/** A payment as the API shows it (absent fields are omitted; times are ISO 8601). */
export interface PaymentView {
  paymentId: string;
  orderId: string;
  status: PaymentStatus;
  customerId?: string;
  storeId?: string;
  items?: OrderLine[];
  amount?: number;
  transactionId?: string;
  reason?: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  approvedAt?: string;
  declinedAt?: string;
  cancelledAt?: string;
  voidedAt?: string;
  refundedAt?: string;
}

export function toView(payment: PaymentState): PaymentView {
  const { version: _version, createdAt, updatedAt, approvedAt, declinedAt, cancelledAt, voidedAt, refundedAt, ...rest } = payment;
  return {
    ...rest,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    approvedAt: approvedAt?.toISOString(),
    declinedAt: declinedAt?.toISOString(),
    cancelledAt: cancelledAt?.toISOString(),
    voidedAt: voidedAt?.toISOString(),
    refundedAt: refundedAt?.toISOString(),
  };
}
