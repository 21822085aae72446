import { Probe } from '../health/probes';

type ShutdownRoutine = (exitCode: number, reason: string) => Promise<void>;

/**
 * Shared shutdown state. Once shutdown begins, readiness answers 503 (so load balancers stop sending
 * traffic) while in-flight requests finish. Components that fail for good (a crashed Kafka consumer)
 * call `terminate` so the supervisor (npm start, Kubernetes) restarts the process.
 */
export class ShutdownState {
  private stopping = false;
  private routine: ShutdownRoutine | undefined;

  get isShuttingDown(): boolean {
    return this.stopping;
  }

  begin(): void {
    this.stopping = true;
  }

  onTerminate(routine: ShutdownRoutine): void {
    this.routine = routine;
  }

  /** Stops the process gracefully with `exitCode`; without a bootstrap routine (tests), only flags it. */
  terminate(exitCode: number, reason: string): void {
    this.begin();
    void this.routine?.(exitCode, reason);
  }

  readinessProbe(): Probe {
    return {
      name: 'lifecycle',
      check: async () => {
        if (this.stopping) throw new Error('shutting down');
        return { state: 'serving' };
      },
    };
  }
}
