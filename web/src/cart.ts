import { useCallback, useState } from 'react';

/** What the customer picked at one store: menuId → quantity (1..100). Prices are the server's to set. */
export type Cart = Record<string, number>;
export type Carts = Record<string, Cart>;

const KEY = 'fooddelivery.carts';
export const MAX_QUANTITY = 100;

function load(): Carts {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as unknown;
    return typeof saved === 'object' && saved !== null ? (saved as Carts) : {};
  } catch {
    return {};
  }
}

/** One cart per store, kept for the tab (sessionStorage) so a reload keeps it. */
export function useCarts() {
  const [carts, setCarts] = useState<Carts>(load);
  const update = useCallback((change: (carts: Carts) => Carts) => {
    setCarts((current) => {
      const next = change(current);
      sessionStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  const setQuantity = useCallback(
    (storeId: string, menuId: string, quantity: number) =>
      update((current) => {
        const cart = { ...current[storeId] };
        if (quantity <= 0) delete cart[menuId];
        else cart[menuId] = Math.min(MAX_QUANTITY, Math.floor(quantity));
        return { ...current, [storeId]: cart };
      }),
    [update],
  );
  const clear = useCallback(
    (storeId: string) =>
      update((current) => {
        const next = { ...current };
        delete next[storeId];
        return next;
      }),
    [update],
  );
  const reset = useCallback(() => update(() => ({})), [update]);
  return { carts, setQuantity, clear, reset };
}

/**
 * An Idempotency-Key for one checkout attempt (letters and digits, as app accepts). Made with
 * getRandomValues, which works on plain http too (randomUUID needs a secure context).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
