import { Schema } from 'mongoose';
import { EVENT_TYPES } from '@fooddelivery/contracts';
import { NOTIFICATION_STATES } from '../../domain/notification';

/** One notification per document; `_id` = notificationId = the eventId that caused it (so one per event). */
export interface NotificationDocument {
  _id: string;
  customerId: string;
  orderId: string;
  status: string;
  eventType: string;
  message: string;
  state: string;
  attempts: number;
  occurredAt: Date;
  lastError?: string;
  nextAttemptAt?: Date;
  createdAt: Date;
  sentAt?: Date;
}

export const NOTIFICATION_MODEL = 'Notification';

export const NotificationSchema = new Schema<NotificationDocument>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    orderId: { type: String, required: true },
    status: { type: String, required: true },
    eventType: { type: String, required: true, enum: EVENT_TYPES },
    message: { type: String, required: true },
    state: { type: String, required: true, enum: NOTIFICATION_STATES },
    attempts: { type: Number, required: true },
    occurredAt: { type: Date, required: true },
    lastError: { type: String },
    nextAttemptAt: { type: Date },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date },
  },
  { collection: 'notifications', versionKey: false, _id: false },
);
NotificationSchema.index({ state: 1, nextAttemptAt: 1 });
NotificationSchema.index({ customerId: 1, occurredAt: -1 });
NotificationSchema.index({ occurredAt: -1 });
