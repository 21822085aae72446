import type { Caller } from '@fooddelivery/platform';
import type { OrderStatusView } from '../../domain/order-status-view';

/**
 * An order's status is visible to its customer, to the owner of its store, and to admins; to anyone
 * else it does not exist (404, not 403, so order ids can't be probed).
 */
export function canSee(caller: Caller, view: OrderStatusView): boolean {
  switch (caller.role) {
    case 'admin':
      return true;
    case 'customer':
      return view.customerId !== undefined && view.customerId === caller.sub;
    case 'owner':
      return caller.storeId !== undefined && view.storeId !== undefined && caller.storeId === view.storeId;
    default:
      return false;
  }
}
