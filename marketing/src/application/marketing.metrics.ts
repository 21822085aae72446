import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ServiceMetrics } from '@fooddelivery/platform';
import { COUPON_KINDS, CouponKind } from '../domain/coupon-policy';

/** `coupons_issued_total{kind}` and `recommendations_served_total{basis}` on the service's registry. */
@Injectable()
export class MarketingMetrics {
  private readonly issued: Counter<'kind'>;
  private readonly served: Counter<'basis'>;

  constructor(metrics: ServiceMetrics) {
    this.issued = new Counter({
      name: 'coupons_issued_total',
      help: 'Coupons issued, by kind (welcome, loyalty)',
      labelNames: ['kind'],
      registers: [metrics.registry],
    });
    for (const kind of COUPON_KINDS) this.issued.inc({ kind: kind.toLowerCase() }, 0);
    this.served = new Counter({
      name: 'recommendations_served_total',
      help: "Recommendations answered, by basis (history: the customer's own orders; popular: cold start)",
      labelNames: ['basis'],
      registers: [metrics.registry],
    });
    for (const basis of ['history', 'popular']) this.served.inc({ basis }, 0);
  }

  couponIssued(kind: CouponKind): void {
    this.issued.inc({ kind: kind.toLowerCase() });
  }

  recommendationServed(basis: 'history' | 'popular'): void {
    this.served.inc({ basis });
  }
}
