import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { ReconcilePaymentsHandler } from '../../application/reconcile-payments/reconcile-payments.handler';

export const RECONCILE_INTERVAL_MS = Symbol('RECONCILE_INTERVAL_MS');

/** Runs payment reconciliation every interval (never two rounds at once in this process). */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly reconcile: ReconcilePaymentsHandler,
    @Inject(RECONCILE_INTERVAL_MS) private readonly intervalMs: number,
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
    this.running = this.reconcile
      .execute()
      .then((report) => {
        if (report.examined > 0) this.logger.info({ component: 'reconciliation', ...report }, 'reconciliation round');
      })
      .catch((error: unknown) => this.logger.warn({ err: error, component: 'reconciliation' }, 'reconciliation round failed; retrying next round'))
      .finally(() => (this.running = undefined));
  }
}
