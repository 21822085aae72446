import type { Logger } from 'pino';

export interface RecurringTaskOptions {
  /** Names the task in logs. */
  name: string;
  intervalMs: number;
  logger: Logger;
  /** One round; a failure is logged and the next round tries again. */
  work: () => Promise<void>;
}

/**
 * Background work on an interval (reconciliation, notification dispatch, …): never two rounds at
 * once in a process, a failing round never stops the next, and stop() waits for the round in flight
 * so a graceful shutdown does not cut it.
 */
export class RecurringTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly options: RecurringTaskOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.round(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private round(): void {
    if (this.running) return;
    const { name, logger, work } = this.options;
    this.running = work()
      .catch((error: unknown) => logger.warn({ err: error, component: name }, `${name} round failed; retrying next round`))
      .finally(() => (this.running = undefined));
  }
}
