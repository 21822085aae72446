import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER, RecurringTask } from '@fooddelivery/platform';
import { ReconcilePaymentsHandler } from '../../application/reconcile-payments/reconcile-payments.handler';

export const RECONCILE_INTERVAL_MS = Symbol('RECONCILE_INTERVAL_MS');

/** Runs payment reconciliation every interval. */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly task: RecurringTask;

  constructor(reconcile: ReconcilePaymentsHandler, @Inject(RECONCILE_INTERVAL_MS) intervalMs: number, @Inject(LOGGER) logger: Logger) {
    this.task = new RecurringTask({
      name: 'reconciliation',
      intervalMs,
      logger,
      work: async () => {
        const report = await reconcile.execute();
        if (report.examined > 0) logger.info({ component: 'reconciliation', ...report }, 'reconciliation round');
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
