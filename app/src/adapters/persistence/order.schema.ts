import { Schema } from 'mongoose';
import { outboxPendingField } from '@fooddelivery/messaging';
import { ORDER_STATUSES } from '../../domain/order';

/**
 * One order per document (`_id` = orderId), with its outbox (`pendingEvents`, `outboxPending`) and
 * inbox (`processedEventIds`). Every query on a hot path is served by an index: `_id`, customerId
 * (+ createdAt), `outboxPending`, `reconciliation`, `status`.
 */
export interface OrderDocument {
  _id: string;
  customerId: string;
  storeId: string;
  lines: { menuId: string; name: string; quantity: number; unitPrice: number }[];
  totalAmount: number;
  status: string;
  paymentId?: string;
  failureReason?: string;
  reconciliation: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  pendingEvents: unknown[];
  /** True while pendingEvents may hold events (the outbox relay's indexed query). */
  outboxPending: boolean;
  processedEventIds: string[];
}

export const ORDER_MODEL = 'Order';

export const OrderSchema = new Schema<OrderDocument>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true, index: true },
    storeId: { type: String, required: true },
    lines: {
      type: [{ _id: false, menuId: String, name: String, quantity: Number, unitPrice: Number }],
      required: true,
    },
    totalAmount: { type: Number, required: true },
    status: { type: String, required: true, enum: ORDER_STATUSES, index: true },
    paymentId: { type: String },
    failureReason: { type: String },
    reconciliation: { type: String, required: true, index: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
    pendingEvents: { type: [Schema.Types.Mixed], default: [] },
    outboxPending: outboxPendingField,
    processedEventIds: { type: [String], default: [] },
  },
  { collection: 'orders', versionKey: false, _id: false },
);
OrderSchema.index({ customerId: 1, createdAt: -1 });
