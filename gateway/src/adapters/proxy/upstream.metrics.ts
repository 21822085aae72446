import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ServiceMetrics } from '@fooddelivery/platform';

/**
 * `gateway_upstream_requests_total{upstream, status}`: the upstream's HTTP status, or `timeout`,
 * `unavailable` (refused, unreachable) and `failed` (broken answer) when the gateway answered itself.
 */
@Injectable()
export class UpstreamMetrics {
  private readonly requests: Counter<'upstream' | 'status'>;

  constructor(metrics: ServiceMetrics) {
    this.requests = new Counter({
      name: 'gateway_upstream_requests_total',
      help: 'Requests proxied to an upstream service, by upstream and outcome (HTTP status, timeout, unavailable, failed)',
      labelNames: ['upstream', 'status'],
      registers: [metrics.registry],
    });
  }

  count(upstream: string, status: string): void {
    this.requests.inc({ upstream, status });
  }
}
