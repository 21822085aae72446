import type { OrderLine } from '@fooddelivery/contracts';
import { InvalidOrderRequest } from './order.errors';

export interface MenuItem {
  menuId: string;
  name: string;
  /** Price in won. */
  price: number;
  description?: string;
}

export interface Store {
  storeId: string;
  name: string;
  category: string;
  menu: MenuItem[];
}

/** What the customer asked for: a menu item by id or by name, and how many. */
export type RequestedItem = { menuId: string; quantity: number } | { name: string; quantity: number };

export const MAX_QUANTITY_PER_LINE = 100;
export const MAX_LINES = 50;

/**
 * Turns a request into priced order lines. Prices always come from the store's menu, never from the
 * client; a name matches a menu item of this store case-insensitively; repeated items are merged.
 */
export function priceOrder(store: Store, requested: readonly RequestedItem[]): OrderLine[] {
  if (requested.length === 0) throw new InvalidOrderRequest('An order needs at least one item');
  if (requested.length > MAX_LINES) throw new InvalidOrderRequest(`An order can have at most ${MAX_LINES} items`);
  const lines = new Map<string, OrderLine>();
  for (const item of requested) {
    const menuItem = findMenuItem(store, item);
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_QUANTITY_PER_LINE) {
      throw new InvalidOrderRequest(`quantity of "${menuItem.name}" must be a whole number from 1 to ${MAX_QUANTITY_PER_LINE}`);
    }
    const existing = lines.get(menuItem.menuId);
    const quantity = (existing?.quantity ?? 0) + item.quantity;
    if (quantity > MAX_QUANTITY_PER_LINE) {
      throw new InvalidOrderRequest(`quantity of "${menuItem.name}" must be at most ${MAX_QUANTITY_PER_LINE} in total`);
    }
    lines.set(menuItem.menuId, { menuId: menuItem.menuId, name: menuItem.name, quantity, unitPrice: menuItem.price });
  }
  return [...lines.values()];
}

export function totalOf(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
}

function findMenuItem(store: Store, item: RequestedItem): MenuItem {
  if ('menuId' in item) {
    const found = store.menu.find((candidate) => candidate.menuId === item.menuId);
    if (!found) throw new InvalidOrderRequest(`Store ${store.storeId} has no menu item "${item.menuId}" (see GET /stores/${store.storeId}/menu)`);
    return found;
  }
  const wanted = item.name.trim().toLowerCase();
  const found = store.menu.find((candidate) => candidate.name.toLowerCase() === wanted);
  if (!found) {
    const names = store.menu.map((candidate) => candidate.name).join(', ');
    throw new InvalidOrderRequest(`Store ${store.storeId} (${store.name}) does not sell "${item.name}"; it sells: ${names}`);
  }
  return found;
}
