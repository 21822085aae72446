import { Schema } from 'mongoose';
import { EVENT_TYPES } from '@fooddelivery/contracts';
import { ORDER_STATUSES, PAYMENT_STATES } from '../../domain/order-status-view';

/** One OrderStatusView per document (`_id` = orderId), with its inbox (`processedEventIds`). */
export interface OrderStatusViewDocument {
  _id: string;
  customerId?: string;
  storeId?: string;
  items: { menuId: string; name: string; quantity: number; unitPrice: number }[];
  totalAmount?: number;
  status?: string;
  statusAt?: Date;
  statusReason?: string;
  rider?: string;
  paymentState?: string;
  paymentId?: string;
  refundedAmount?: number;
  timeline: { status: string; at: Date; eventType: string; eventId: string }[];
  coupons: { couponId: string; discount: number; reason: string }[];
  createdAt: Date;
  updatedAt: Date;
  revision: number;
  processedEventIds: string[];
}

export const ORDER_STATUS_VIEW_MODEL = 'OrderStatusView';

export const OrderStatusViewSchema = new Schema<OrderStatusViewDocument>(
  {
    _id: { type: String, required: true },
    customerId: { type: String },
    storeId: { type: String },
    items: { type: [{ _id: false, menuId: String, name: String, quantity: Number, unitPrice: Number }], default: [] },
    totalAmount: { type: Number },
    status: { type: String, enum: ORDER_STATUSES },
    statusAt: { type: Date },
    statusReason: { type: String },
    rider: { type: String },
    paymentState: { type: String, enum: PAYMENT_STATES },
    paymentId: { type: String },
    refundedAmount: { type: Number },
    timeline: {
      type: [{ _id: false, status: String, at: Date, eventType: { type: String, enum: EVENT_TYPES }, eventId: String }],
      default: [],
    },
    coupons: { type: [{ _id: false, couponId: String, discount: Number, reason: String }], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    revision: { type: Number, required: true },
    processedEventIds: { type: [String], default: [] },
  },
  { collection: 'order_status_views', versionKey: false, _id: false },
);
OrderStatusViewSchema.index({ customerId: 1, createdAt: -1 });
OrderStatusViewSchema.index({ storeId: 1, createdAt: -1 });
OrderStatusViewSchema.index({ createdAt: -1 });
