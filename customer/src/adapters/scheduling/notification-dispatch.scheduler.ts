import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { DispatchNotificationsHandler } from '../../application/dispatch-notifications/dispatch-notifications.handler';
import { NotificationMetrics } from './notification.metrics';

export const DISPATCH_INTERVAL_MS = Symbol('DISPATCH_INTERVAL_MS');

/** Sends due notifications every interval (never two rounds at once in this process). */
@Injectable()
export class NotificationDispatchScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly dispatch: DispatchNotificationsHandler,
    private readonly metrics: NotificationMetrics,
    @Inject(DISPATCH_INTERVAL_MS) private readonly intervalMs: number,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.round(), this.intervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private round(): void {
    if (this.running) return;
    this.running = this.dispatch
      .dispatchDue()
      .then((report) => {
        this.metrics.entered('SENT', report.sent);
        this.metrics.entered('FAILED', report.failed);
        this.metrics.attempted('success', report.sent);
        this.metrics.attempted('failure', report.retrying + report.failed);
      })
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error, component: 'notification-dispatch' },
          'dispatch round failed; retrying next round',
        ),
      )
      .finally(() => (this.running = undefined));
  }
}
