import { z } from 'zod';
import { Id } from './common';

/** Every store event names the store and, so subscribers need no lookup, the customer. */
const StoreEventBase = z.object({ storeId: Id, customerId: Id });

export const OrderAcceptedV1 = StoreEventBase;
export const OrderRejectedV1 = StoreEventBase.extend({ reason: z.string().min(1).max(500) });
export const CookingStartedV1 = StoreEventBase;
export const CookingFinishedV1 = StoreEventBase;
export const DeliveryStartedV1 = StoreEventBase.extend({ rider: z.string().min(1).max(100).optional() });
export const DeliveryCompletedV1 = StoreEventBase.extend({ rider: z.string().min(1).max(100).optional() });
export const DeliveryCancelledV1 = StoreEventBase.extend({ reason: z.string().min(1).max(500) });
