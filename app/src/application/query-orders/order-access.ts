import type { Caller } from '@fooddelivery/platform';
import type { Order } from '../../domain/order';

/** An order is visible to its customer and to admins; to anyone else it does not exist (404, not 403). */
export function canSee(caller: Caller, order: Order): boolean {
  return caller.role === 'admin' || (caller.role === 'customer' && order.snapshot().customerId === caller.sub);
}
