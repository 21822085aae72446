import type { RouteDefinition } from '../domain/route-table';

/** The base URL of each service behind the gateway, or of each of its instances (APP_URL, PAY_URL, … in the configuration). */
type BaseUrls = string | readonly string[];
export interface UpstreamUrls {
  APP_URL: BaseUrls;
  PAY_URL: BaseUrls;
  STORE_URL: BaseUrls;
  CUSTOMER_URL: BaseUrls;
  MARKETING_URL: BaseUrls;
}

/**
 * The default routing table (GATEWAY_ROUTES replaces it as a whole). Adding a service is one more
 * line here, or in GATEWAY_ROUTES, never code.
 */
export function defaultRoutes(urls: UpstreamUrls): RouteDefinition[] {
  return [
    { prefix: '/stores', target: urls.APP_URL, upstream: 'app' },
    { prefix: '/orders', target: urls.APP_URL, upstream: 'app' },
    { prefix: '/payments', target: urls.PAY_URL, upstream: 'pay' },
    { prefix: '/admin/pay', target: urls.PAY_URL, upstream: 'pay' },
    { prefix: '/admin/app', target: urls.APP_URL, upstream: 'app' },
    { prefix: '/store-orders', target: urls.STORE_URL, upstream: 'store' },
    { prefix: '/order-status', target: urls.CUSTOMER_URL, upstream: 'customer' },
    { prefix: '/my-orders', target: urls.CUSTOMER_URL, upstream: 'customer' },
    { prefix: '/notifications', target: urls.CUSTOMER_URL, upstream: 'customer' },
    { prefix: '/coupons', target: urls.MARKETING_URL, upstream: 'marketing' },
    { prefix: '/recommendations', target: urls.MARKETING_URL, upstream: 'marketing' },
  ];
}
