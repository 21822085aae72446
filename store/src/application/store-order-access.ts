import type { Caller } from '@fooddelivery/platform';
import type { StoreOrder } from '../domain/store-order';

/**
 * Who may see and handle a store order: admins, and the owner of its store. To anyone else it does
 * not exist (404, not 403, so another store's orders are not revealed). Tombstones are nobody's.
 */
export function canManage(caller: Caller, order: StoreOrder): boolean {
  if (order.isTombstone) return false;
  if (caller.role === 'admin') return true;
  return caller.role === 'owner' && caller.storeId !== undefined && caller.storeId === order.storeId;
}

/** The store whose orders a caller lists: `undefined` for every store (admins), null for none. */
export function storeScope(caller: Caller): string | undefined | null {
  if (caller.role === 'admin') return undefined;
  if (caller.role === 'owner' && caller.storeId) return caller.storeId;
  return null;
}
