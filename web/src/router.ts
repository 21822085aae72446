import { useEffect, useState } from 'react';

/**
 * Client routes live in the URL's hash (`/#/orders/<id>`): the gateway serves the page at / only,
 * so no client route can ever collide with an API path such as /orders or /stores.
 */
export type Route =
  | { screen: 'login' }
  | { screen: 'signup' }
  | { screen: 'home' }
  | { screen: 'stores' }
  | { screen: 'menu'; storeId: string }
  | { screen: 'orders' }
  | { screen: 'order'; orderId: string }
  | { screen: 'notifications' }
  | { screen: 'coupons' }
  | { screen: 'queue' }
  | { screen: 'admin' }
  | { screen: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const [, first, second, ...rest] = path.split('/').map((part) => decodeURIComponent(part));
  if (rest.length > 0) return { screen: 'not-found', path };
  if (first === undefined || first === '') return { screen: 'home' };
  if (second === undefined) {
    const screens = ['login', 'signup', 'stores', 'orders', 'notifications', 'coupons', 'queue', 'admin'] as const;
    const screen = screens.find((name) => name === first);
    return screen ? { screen } : { screen: 'not-found', path };
  }
  if (first === 'stores' && second) return { screen: 'menu', storeId: second };
  if (first === 'orders' && second) return { screen: 'order', orderId: second };
  return { screen: 'not-found', path };
}

export function hrefOf(route: Route): string {
  switch (route.screen) {
    case 'home':
      return '#/';
    case 'menu':
      return `#/stores/${encodeURIComponent(route.storeId)}`;
    case 'order':
      return `#/orders/${encodeURIComponent(route.orderId)}`;
    case 'not-found':
      return `#${route.path}`;
    default:
      return `#/${route.screen}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route).slice(1);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
