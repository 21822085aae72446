import type {
  Caller,
  CancelOrderRequest,
  Coupon,
  ErrorBody,
  Notification,
  Order,
  OrderStatusView,
  PayBreaker,
  PlaceOrderRequest,
  ProviderSettings,
  ProviderSettingsRequest,
  Recommendations,
  RejectRequest,
  SignUpResponse,
  StartDeliveryRequest,
  StoreMenu,
  StoreOrder,
  StoreOrderStatus,
  StoreStep,
  StoreSummary,
  TokenResponse,
} from './types';

/** An answer other than 2xx, with what the server said (`{statusCode, error, message}`) and its Retry-After. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Seconds, from Retry-After (503, 429, 409 in progress). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server could not be reached at all (offline, gateway down): the outcome of a POST is unknown. */
export const NETWORK_ERROR = 0;

export interface ApiOptions {
  /** The current access token, if any. */
  token: () => string | undefined;
  /** A call with a token answered 401 (expired, or the keys changed): the session is over. */
  onUnauthorized: (message: string) => void;
}

interface Call {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  headers?: Record<string, string>;
  /** false: no Authorization header, and a 401 is an answer (wrong password), not an ended session. */
  authenticated?: boolean;
}

/** Retry-After as seconds: a number of seconds or an HTTP date. */
export function retryAfterOf(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).message === 'string';
}

/**
 * The platform's API through the gateway, on the page's own origin (no CORS): JSON in and out, the
 * Bearer token on every call but log-in and sign-up.
 */
export class Api {
  constructor(private readonly options: ApiOptions) {}

  async request<T>(path: string, call: Call = {}): Promise<T> {
    const authenticated = call.authenticated ?? true;
    const headers: Record<string, string> = { Accept: 'application/json', ...call.headers };
    const token = this.options.token();
    if (authenticated && token) headers.Authorization = `Bearer ${token}`;
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, {
        method: call.method ?? (call.body === undefined ? 'GET' : 'POST'),
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(NETWORK_ERROR, 'The server could not be reached. Check your connection and try again.');
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (response.ok) return body as T;
    const message = isErrorBody(body)
      ? body.message
      : `The server answered ${response.status} ${response.statusText}`.trim();
    if (response.status === 401 && authenticated) this.options.onUnauthorized(message);
    throw new ApiError(response.status, message, retryAfterOf(response.headers));
  }

  logIn(username: string, password: string): Promise<TokenResponse> {
    return this.request('/auth/token', { body: { username, password }, authenticated: false });
  }

  signUp(username: string, password: string): Promise<SignUpResponse> {
    return this.request('/auth/signup', { body: { username, password }, authenticated: false });
  }

  me(): Promise<Caller> {
    return this.request('/auth/me');
  }

  stores(): Promise<StoreSummary[]> {
    return this.request('/stores');
  }

  menu(storeId: string): Promise<StoreMenu> {
    return this.request(`/stores/${encodeURIComponent(storeId)}/menu`);
  }

  /** One checkout attempt: repeating it with the same key answers the same order, never a second charge. */
  placeOrder(order: PlaceOrderRequest, idempotencyKey: string): Promise<Order> {
    return this.request('/orders', { body: order, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  order(orderId: string): Promise<Order> {
    return this.request(`/orders/${encodeURIComponent(orderId)}`);
  }

  cancelOrder(orderId: string, request: CancelOrderRequest): Promise<Order> {
    return this.request(`/orders/${encodeURIComponent(orderId)}/cancel`, { body: request });
  }

  myOrders(): Promise<OrderStatusView[]> {
    return this.request('/my-orders');
  }

  orderStatus(orderId: string): Promise<OrderStatusView> {
    return this.request(`/order-status/${encodeURIComponent(orderId)}`);
  }

  notifications(): Promise<Notification[]> {
    return this.request('/notifications');
  }

  coupons(): Promise<Coupon[]> {
    return this.request('/coupons');
  }

  recommendations(): Promise<Recommendations> {
    return this.request('/recommendations');
  }

  storeOrders(status?: StoreOrderStatus): Promise<StoreOrder[]> {
    return this.request(`/store-orders${status ? `?status=${status}` : ''}`);
  }

  storeStep(orderId: string, step: StoreStep, body?: RejectRequest | StartDeliveryRequest): Promise<StoreOrder> {
    return this.request(`/store-orders/${encodeURIComponent(orderId)}/${step}`, { method: 'POST', body: body ?? {} });
  }

  providerSettings(): Promise<ProviderSettings> {
    return this.request('/admin/pay/gateway');
  }

  updateProviderSettings(settings: ProviderSettingsRequest): Promise<ProviderSettings> {
    return this.request('/admin/pay/gateway', { method: 'PUT', body: settings });
  }

  /** app's circuit breaker to pay (admins). */
  payBreaker(): Promise<PayBreaker> {
    return this.request('/admin/app/pay-breaker');
  }
}
