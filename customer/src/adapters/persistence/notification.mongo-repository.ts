import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EventType } from '@fooddelivery/contracts';
import type { Notification, NotificationState } from '../../domain/notification';
import type { Milestone } from '../../domain/order-status-view';
import type { NotificationRepository } from '../../application/ports/notification.repository';
import { NOTIFICATION_MODEL, NotificationDocument } from './notification.schema';

const OPTIONAL_FIELDS = ['lastError', 'nextAttemptAt', 'sentAt'] as const;
const NEWEST_FIRST = { occurredAt: -1, createdAt: -1 } as const;

/** Notifications on MongoDB/FerretDB; every change is one guarded single-document update. */
@Injectable()
export class NotificationMongoRepository implements NotificationRepository {
  constructor(@InjectModel(NOTIFICATION_MODEL) private readonly model: Model<NotificationDocument>) {}

  async recordOnce(notification: Notification): Promise<boolean> {
    const { set } = toUpdate(notification);
    try {
      const result = await this.model
        .updateOne({ _id: notification.notificationId }, { $setOnInsert: set }, { upsert: true })
        .exec();
      return result.upsertedCount > 0;
    } catch (error) {
      // two deliveries of the same event raced to insert it: the other one won
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  async findDue(now: Date, limit: number): Promise<Notification[]> {
    const documents = await this.model
      .find({ state: 'PENDING', nextAttemptAt: { $lte: now } })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .lean<NotificationDocument[]>()
      .exec();
    return documents.map(toNotification);
  }

  async claim(notification: Notification, now: Date, until: Date): Promise<boolean> {
    const result = await this.model
      .updateOne(
        {
          _id: notification.notificationId,
          state: 'PENDING',
          attempts: notification.attempts,
          nextAttemptAt: { $lte: now },
        },
        { $set: { nextAttemptAt: until } },
      )
      .exec();
    return result.matchedCount > 0;
  }

  async saveAttempt(notification: Notification, previousAttempts: number): Promise<boolean> {
    const { set, unset } = toUpdate(notification);
    const result = await this.model
      .updateOne(
        { _id: notification.notificationId, state: 'PENDING', attempts: previousAttempts },
        Object.keys(unset).length > 0 ? { $set: set, $unset: unset } : { $set: set },
      )
      .exec();
    return result.matchedCount > 0;
  }

  async findByCustomer(customerId: string, limit: number): Promise<Notification[]> {
    const documents = await this.model
      .find({ customerId })
      .sort(NEWEST_FIRST)
      .limit(limit)
      .lean<NotificationDocument[]>()
      .exec();
    return documents.map(toNotification);
  }

  async findRecent(limit: number): Promise<Notification[]> {
    const documents = await this.model.find({}).sort(NEWEST_FIRST).limit(limit).lean<NotificationDocument[]>().exec();
    return documents.map(toNotification);
  }

  async findById(notificationId: string): Promise<Notification | undefined> {
    const document = await this.model.findById(notificationId).lean<NotificationDocument>().exec();
    return document ? toNotification(document) : undefined;
  }
}

function toUpdate(notification: Notification): { set: Record<string, unknown>; unset: Record<string, ''> } {
  const set: Record<string, unknown> = {
    customerId: notification.customerId,
    orderId: notification.orderId,
    status: notification.status,
    eventType: notification.eventType,
    message: notification.message,
    state: notification.state,
    attempts: notification.attempts,
    occurredAt: notification.occurredAt,
    createdAt: notification.createdAt,
  };
  const unset: Record<string, ''> = {};
  for (const field of OPTIONAL_FIELDS) {
    const value = notification[field];
    if (value === undefined) unset[field] = '';
    else set[field] = value;
  }
  return { set, unset };
}

function toNotification(document: NotificationDocument): Notification {
  const notification: Notification = {
    notificationId: document._id,
    customerId: document.customerId,
    orderId: document.orderId,
    status: document.status as Milestone,
    eventType: document.eventType as EventType,
    message: document.message,
    state: document.state as NotificationState,
    attempts: document.attempts,
    occurredAt: new Date(document.occurredAt),
    createdAt: new Date(document.createdAt),
  };
  if (document.lastError != null) notification.lastError = document.lastError;
  if (document.nextAttemptAt != null) notification.nextAttemptAt = new Date(document.nextAttemptAt);
  if (document.sentAt != null) notification.sentAt = new Date(document.sentAt);
  return notification;
}
