import { z } from 'zod';
import { Amount, Id, OrderLines } from './common';

/** pay: the payment of an order was approved; carries everything store needs to prepare it. */
export const PaymentApprovedV1 = z.object({
  paymentId: Id,
  customerId: Id,
  storeId: Id,
  items: OrderLines,
  amount: Amount,
});

/** pay: an approved payment was refunded (order cancelled, rejected, or reconciled). */
export const PaymentCancelledV1 = z.object({
  paymentId: Id,
  customerId: Id.optional(),
  storeId: Id.optional(),
  amount: Amount,
  reason: z.string().min(1).max(500),
});
