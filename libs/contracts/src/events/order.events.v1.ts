import { z } from 'zod';
import { Amount, Id, OrderLines } from './common';

/** app: an order was paid and placed. */
export const OrderPlacedV1 = z.object({
  customerId: Id,
  storeId: Id,
  items: OrderLines,
  totalAmount: Amount,
});

/** app: the customer (or an admin) cancelled an order before delivery started. */
export const OrderCancelledV1 = z.object({
  customerId: Id,
  storeId: Id.optional(),
  reason: z.string().min(1).max(500),
});
