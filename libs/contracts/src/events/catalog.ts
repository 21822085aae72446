import type { z } from 'zod';
import { CouponIssuedV1 } from './marketing.events.v1';
import { OrderCancelledV1, OrderPlacedV1 } from './order.events.v1';
import { PaymentApprovedV1, PaymentCancelledV1 } from './payment.events.v1';
import {
  CookingFinishedV1,
  CookingStartedV1,
  DeliveryCancelledV1,
  DeliveryCompletedV1,
  DeliveryStartedV1,
  OrderAcceptedV1,
  OrderRejectedV1,
} from './store.events.v1';

/**
 * Every event of the platform: its current version, the service that produces it and its payload schema.
 * A breaking change is a new version with its own schema (order.events.v2.ts), never an edit of a published one.
 */
export const EventCatalog = {
  OrderPlaced: { version: 1, producer: 'app', payload: OrderPlacedV1 },
  OrderCancelled: { version: 1, producer: 'app', payload: OrderCancelledV1 },
  PaymentApproved: { version: 1, producer: 'pay', payload: PaymentApprovedV1 },
  PaymentCancelled: { version: 1, producer: 'pay', payload: PaymentCancelledV1 },
  OrderAccepted: { version: 1, producer: 'store', payload: OrderAcceptedV1 },
  OrderRejected: { version: 1, producer: 'store', payload: OrderRejectedV1 },
  CookingStarted: { version: 1, producer: 'store', payload: CookingStartedV1 },
  CookingFinished: { version: 1, producer: 'store', payload: CookingFinishedV1 },
  DeliveryStarted: { version: 1, producer: 'store', payload: DeliveryStartedV1 },
  DeliveryCompleted: { version: 1, producer: 'store', payload: DeliveryCompletedV1 },
  DeliveryCancelled: { version: 1, producer: 'store', payload: DeliveryCancelledV1 },
  CouponIssued: { version: 1, producer: 'marketing', payload: CouponIssuedV1 },
} as const;

export type EventType = keyof typeof EventCatalog;
export type EventPayload<T extends EventType> = z.infer<(typeof EventCatalog)[T]['payload']>;
export const EVENT_TYPES = Object.keys(EventCatalog) as EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EventCatalog, value);
}
