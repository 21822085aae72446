/** A dependency check: resolves (optionally with details) when healthy, throws when not. */
export interface Probe {
  readonly name: string;
  check(): Promise<Record<string, unknown> | void>;
}

/**
 * The probes behind /health/live and /health/ready. Adapters register theirs when they start:
 * liveness gets only what a restart would fix (the process, its consumers); readiness gets what the
 * service cannot serve a request without (its own database, not shutting down) — never the other
 * way round, or one database outage would restart every pod. A dependency the service can do
 * without for a while (Kafka, behind an outbox) is a report: shown in the readiness details with
 * its state, never failing them.
 */
export class ProbeRegistry {
  private readonly liveness = new Map<string, Probe>();
  private readonly readiness = new Map<string, Probe>();
  private readonly reports = new Map<string, Probe>();

  addLiveness(probe: Probe): void {
    this.liveness.set(probe.name, probe);
  }

  addReadiness(probe: Probe): void {
    this.readiness.set(probe.name, probe);
  }

  /** A dependency shown in /health/ready (`required: false`, `reachable`) that never makes it 503. */
  addReport(probe: Probe): void {
    this.reports.set(probe.name, probe);
  }

  livenessProbes(): Probe[] {
    return [...this.liveness.values()];
  }

  readinessProbes(): Probe[] {
    return [...this.readiness.values()];
  }

  reportProbes(): Probe[] {
    return [...this.reports.values()];
  }
}

/** Rejects when the probe takes longer than `ms`: a hung dependency must not hang the probe. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
