import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ServiceMetrics } from '@fooddelivery/platform';
import { NOTIFICATION_STATES, NotificationState } from '../../domain/notification';

/**
 * `notifications_total{state}`: notifications recorded (PENDING), delivered (SENT), given up (FAILED);
 * `notification_attempts_total{outcome}`: every try through the notifier (success, failure).
 */
@Injectable()
export class NotificationMetrics {
  private readonly notifications: Counter<'state'>;
  private readonly attempts: Counter<'outcome'>;

  constructor(metrics: ServiceMetrics) {
    this.notifications = new Counter({
      name: 'notifications_total',
      help: 'Notifications by the state they entered: PENDING (recorded), SENT, FAILED (no attempts left)',
      labelNames: ['state'],
      registers: [metrics.registry],
    });
    this.attempts = new Counter({
      name: 'notification_attempts_total',
      help: 'Attempts to send a notification through the notifier, by outcome',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    for (const state of NOTIFICATION_STATES) this.notifications.inc({ state }, 0);
    for (const outcome of ['success', 'failure']) this.attempts.inc({ outcome }, 0);
  }

  entered(state: NotificationState, count = 1): void {
    if (count > 0) this.notifications.inc({ state }, count);
  }

  attempted(outcome: 'success' | 'failure', count = 1): void {
    if (count > 0) this.attempts.inc({ outcome }, count);
  }
}
