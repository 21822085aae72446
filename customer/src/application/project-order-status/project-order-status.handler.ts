import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DomainEvent } from '@fooddelivery/contracts';
import { LOGGER } from '@fooddelivery/platform';
import { OrderStatusView, applyEvent } from '../../domain/order-status-view';
import { Notification, notificationFor } from '../../domain/notification';
import { ORDER_STATUS_REPOSITORY, OrderStatusRepository } from '../ports/order-status.repository';
import { NOTIFICATION_REPOSITORY, NotificationRepository } from '../ports/notification.repository';
import { ORDER_STATUS_CHANGES, OrderStatusChanges } from '../ports/order-status-changes.port';

export interface ProjectionResult {
  outcome: 'applied' | 'duplicate';
  view?: OrderStatusView;
  /** The notification this run recorded (not one a previous delivery of the event recorded). */
  recorded?: Notification;
}

/** Another writer kept changing the view between our read and our write; the consumer retries the event. */
export class OrderStatusViewContended extends Error {
  constructor(orderId: string) {
    super(`the view of order ${orderId} kept changing while an event was applied`);
    this.name = 'OrderStatusViewContended';
  }
}

const SAVE_TRIES = 5;

/**
 * Applies one event to its order's view and records the notification the change calls for. The
 * notification goes first, with the event's id as its own (a second delivery can't add another);
 * then the view and the event's id in its inbox, in one atomic write guarded by the view's revision.
 * A crash in between leaves the event unapplied, so its redelivery finishes the job: the view is
 * never updated without its notification. Nothing here talks to a notifier, so a failing notifier
 * can't hold up the view.
 */
@Injectable()
export class ProjectOrderStatusHandler {
  constructor(
    @Inject(ORDER_STATUS_REPOSITORY) private readonly views: OrderStatusRepository,
    @Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository,
    @Inject(ORDER_STATUS_CHANGES) private readonly changes: OrderStatusChanges,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(event: DomainEvent, now: Date = new Date()): Promise<ProjectionResult> {
    const log = this.logger.child({ orderId: event.orderId, eventId: event.eventId, eventType: event.eventType });
    for (let attempt = 1; attempt <= SAVE_TRIES; attempt++) {
      const before = await this.views.findById(event.orderId);
      const after = applyEvent(before, event);
      if (after === before) {
        log.debug('event already in the view; nothing to do');
        return { outcome: 'duplicate', view: before };
      }

      const notification = notificationFor(before, after, event, now);
      const recorded = notification ? await this.notifications.recordOnce(notification) : false;

      const saved = await this.views.saveApplying(after, before?.revision, event.eventId);
      if (saved === 'conflict') {
        log.debug({ attempt }, 'view changed meanwhile; applying the event again');
        continue;
      }
      if (saved === 'duplicate') return { outcome: 'duplicate', view: before };

      this.changes.publish(after);
      log.info(
        {
          status: after.status ?? null,
          previousStatus: before?.status ?? null,
          paymentState: after.paymentState,
          notification: notification?.status,
        },
        before?.status === after.status ? 'order status view updated' : 'order status changed',
      );
      return { outcome: 'applied', view: after, ...(notification && recorded ? { recorded: notification } : {}) };
    }
    throw new OrderStatusViewContended(event.orderId);
  }
}
