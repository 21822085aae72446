import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER, RecurringTask } from '@fooddelivery/platform';
import { DispatchNotificationsHandler } from '../../application/dispatch-notifications/dispatch-notifications.handler';
import { NotificationMetrics } from './notification.metrics';

export const DISPATCH_INTERVAL_MS = Symbol('DISPATCH_INTERVAL_MS');

/** Sends due notifications every interval. */
@Injectable()
export class NotificationDispatchScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: RecurringTask;

  constructor(
    dispatch: DispatchNotificationsHandler,
    metrics: NotificationMetrics,
    @Inject(DISPATCH_INTERVAL_MS) intervalMs: number,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.task = new RecurringTask({
      name: 'notification-dispatch',
      intervalMs,
      logger,
      work: async () => {
        const report = await dispatch.dispatchDue();
        metrics.entered('SENT', report.sent);
        metrics.entered('FAILED', report.failed);
        metrics.attempted('success', report.sent);
        metrics.attempted('failure', report.retrying + report.failed);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.task.stop();
  }
}
