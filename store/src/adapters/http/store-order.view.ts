import type { OrderLine } from '@fooddelivery/contracts';
import { StoreOrderState, StoreOrderStatus, StoreOrderStep, allowedSteps } from '../../domain/store-order';

/** A store order as the owner's API shows it (absent fields are omitted; times are ISO 8601). */
export interface StoreOrderView {
  orderId: string;
  storeId: string;
  customerId: string;
  paymentId?: string;
  items: OrderLine[];
  amount: number;
  status: StoreOrderStatus;
  /** The steps the owner can take now (empty once the order is final). */
  allowedNext: StoreOrderStep[];
  timeline: { status: StoreOrderStatus; at: string }[];
  rider?: string;
  rejectionReason?: string;
  cancellationReason?: string;
  createdAt: string;
  updatedAt: string;
}

export function toView(order: Readonly<StoreOrderState>): StoreOrderView {
  return {
    orderId: order.orderId,
    storeId: order.storeId ?? '',
    customerId: order.customerId ?? '',
    ...(order.paymentId ? { paymentId: order.paymentId } : {}),
    items: order.items,
    amount: order.amount,
    status: order.status,
    allowedNext: allowedSteps(order.status),
    timeline: order.timeline.map((entry) => ({ status: entry.status, at: entry.at.toISOString() })),
    ...(order.rider ? { rider: order.rider } : {}),
    ...(order.rejectionReason ? { rejectionReason: order.rejectionReason } : {}),
    ...(order.cancellationReason ? { cancellationReason: order.cancellationReason } : {}),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
