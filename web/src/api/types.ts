// The API's shapes the screens use, named after the schemas of the gateway's document (schema.d.ts,
// generated): a field the API renames or drops breaks the type-check, not the page.
import type { components, paths } from './schema';

type Schemas = components['schemas'];
type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Caller = Schemas['Caller'];
export type Role = Schemas['Role'];
export type TokenResponse = Schemas['TokenResponse'];
export type SignUpResponse = Schemas['SignUpResponse'];
export type ErrorBody = Schemas['Error'];

export type StoreSummary = Schemas['app.StoreSummary'];
export type StoreMenu = Schemas['app.StoreMenu'];
export type MenuItem = Schemas['app.MenuItem'];
export type Order = Schemas['app.Order'];
export type OrderLine = Schemas['app.OrderLine'];
/** POST /orders, the full form: `{storeId, items:[{menuId, quantity}]}`. */
export type PlaceOrderRequest = Extract<JsonBody<paths['/orders']['post']['requestBody']>, { items: unknown }>;
export type CancelOrderRequest = JsonBody<NonNullable<paths['/orders/{orderId}/cancel']['post']['requestBody']>>;

export type OrderStatusView = Schemas['customer.OrderStatus'];
export type FollowedStatus = Schemas['customer.FollowedOrderStatus'];
export type Milestone = Schemas['customer.Milestone'];
export type Notification = Schemas['customer.Notification'];

export type Coupon = Schemas['marketing.Coupon'];
export type Recommendations = Schemas['marketing.Recommendations'];

export type StoreOrder = Schemas['store.StoreOrder'];
export type StoreOrderStatus = Schemas['store.StoreOrderStatus'];
export type StoreStep = StoreOrder['allowedNext'][number];
export type RejectRequest = Schemas['store.RejectStoreOrderRequest'];
export type StartDeliveryRequest = Schemas['store.StartDeliveryRequest'];

export type ProviderSettings = Schemas['pay.SimulatedProviderSettings'];
export type ProviderSettingsRequest = Schemas['pay.GatewaySettingsRequest'];
export type PayBreaker = Schemas['app.PayBreaker'];
