import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { Notification, RetryPolicy, recordDelivered, recordFailedAttempt } from '../../domain/notification';
import { NOTIFICATION_REPOSITORY, NotificationRepository } from '../ports/notification.repository';
import { NOTIFIER, Notifier } from '../ports/notifier.port';

export const DISPATCH_SETTINGS = Symbol('DISPATCH_SETTINGS');

export interface DispatchSettings {
  /** Notifications per round. */
  batchSize: number;
  /** How long a claimed notification is reserved for this dispatcher's attempt (longer than a send can take). */
  leaseMs: number;
  retry: RetryPolicy;
}

export interface DispatchReport {
  /** Due notifications this round took (claimed). */
  attempted: number;
  sent: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Failed for the last time: FAILED. */
  failed: number;
}

/**
 * Sends the due PENDING notifications through the Notifier, one attempt each: SENT when the channel
 * accepts, otherwise back to PENDING with an exponential backoff, or FAILED once the attempts are
 * used up (kept, never deleted). Runs outside event handling, so the view never waits for a channel.
 * Delivery is at least once: a crash between a send and its record means one more send later.
 */
@Injectable()
export class DispatchNotificationsHandler {
  constructor(
    @Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository,
    @Inject(NOTIFIER) private readonly notifier: Notifier,
    @Inject(DISPATCH_SETTINGS) private readonly settings: DispatchSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * One round from `now`. The round's clock moves on with the time it takes: each claim reserves its
   * notification for `leaseMs` from the moment it is claimed, so on a slow store the last claims of a
   * long round are not already expired (another dispatcher would send them too).
   */
  async dispatchDue(now: Date = new Date()): Promise<DispatchReport> {
    const report: DispatchReport = { attempted: 0, sent: 0, retrying: 0, failed: 0 };
    const started = performance.now();
    const current = () => new Date(now.getTime() + Math.round(performance.now() - started));
    const due = await this.notifications.findDue(now, this.settings.batchSize);
    for (const notification of due) {
      const claimedAt = current();
      if (!(await this.notifications.claim(notification, claimedAt, new Date(claimedAt.getTime() + this.settings.leaseMs))))
        continue;
      report.attempted++;
      const outcome = await this.attempt(notification, claimedAt);
      report[outcome]++;
    }
    return report;
  }

  private async attempt(notification: Notification, now: Date): Promise<'sent' | 'retrying' | 'failed'> {
    const log = this.logger.child({
      orderId: notification.orderId,
      notificationId: notification.notificationId,
      customerId: notification.customerId,
      channel: this.notifier.channel,
    });
    let updated: Notification;
    try {
      await this.notifier.send(notification);
      updated = recordDelivered(notification, now);
    } catch (error) {
      updated = recordFailedAttempt(notification, describe(error), now, this.settings.retry);
    }
    if (!(await this.notifications.saveAttempt(updated, notification.attempts))) {
      log.warn('notification changed during its attempt; keeping the other outcome');
    }
    if (updated.state === 'SENT') {
      log.info({ attempts: updated.attempts, status: updated.status }, 'notification sent');
      return 'sent';
    }
    if (updated.state === 'FAILED') {
      log.error({ attempts: updated.attempts, lastError: updated.lastError }, 'notification FAILED: no attempts left');
      return 'failed';
    }
    log.warn(
      { attempts: updated.attempts, lastError: updated.lastError, nextAttemptAt: updated.nextAttemptAt },
      'notification attempt failed; will retry',
    );
    return 'retrying';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
