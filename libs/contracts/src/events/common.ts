import { z } from 'zod';

/** Identifiers are opaque non-empty strings (orderIds are UUIDs, store ids are short codes like "1"). */
export const Id = z.string().trim().min(1).max(100);

/** Money in the smallest currency unit (won): a non-negative safe integer. */
export const Amount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const OrderLine = z.object({
  menuId: Id,
  name: z.string().min(1).max(200),
  quantity: z.number().int().positive().max(1000),
  unitPrice: Amount,
});
export type OrderLine = z.infer<typeof OrderLine>;

export const OrderLines = z.array(OrderLine).min(1).max(100);
