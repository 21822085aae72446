import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { ServiceMetrics, UpstreamInstances } from '@fooddelivery/platform';

/**
 * `gateway_upstream_requests_total{upstream, status}`: the upstream's HTTP status, or `timeout`,
 * `unavailable` (refused, unreachable) and `failed` (broken answer) when the gateway answered itself.
 * `gateway_upstream_instances{upstream, state}`: how many instances of each upstream are `ready`
 * (taking requests) and `unready` (skipped until their readiness answers 200 again).
 */
@Injectable()
export class UpstreamMetrics {
  private readonly requests: Counter<'upstream' | 'status'>;
  private readonly pools: UpstreamInstances[] = [];

  constructor(metrics: ServiceMetrics) {
    this.requests = new Counter({
      name: 'gateway_upstream_requests_total',
      help: 'Requests proxied to an upstream service, by upstream and outcome (HTTP status, timeout, unavailable, failed)',
      labelNames: ['upstream', 'status'],
      registers: [metrics.registry],
    });
    const pools = this.pools;
    new Gauge({
      name: 'gateway_upstream_instances',
      help: 'Instances of each upstream service, by state: ready (taking requests) or unready (skipped until its readiness answers 200)',
      labelNames: ['upstream', 'state'],
      registers: [metrics.registry],
      collect() {
        const totals = new Map<string, { ready: number; unready: number }>();
        for (const pool of pools) {
          const total = totals.get(pool.name) ?? { ready: 0, unready: 0 };
          const counts = pool.counts();
          totals.set(pool.name, { ready: total.ready + counts.ready, unready: total.unready + counts.unready });
        }
        for (const [upstream, { ready, unready }] of totals) {
          this.set({ upstream, state: 'ready' }, ready);
          this.set({ upstream, state: 'unready' }, unready);
        }
      },
    });
  }

  count(upstream: string, status: string): void {
    this.requests.inc({ upstream, status });
  }

  /** Reports the instances of these pools in `gateway_upstream_instances`. */
  watch(pool: UpstreamInstances): void {
    this.pools.push(pool);
  }
}
