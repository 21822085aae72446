import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ServiceMetrics } from '@fooddelivery/platform';
import { STORE_ORDER_TRANSITIONS, StoreOrderTransition } from '../domain/store-order';

/** `store_orders_total{transition}` on the service's Prometheus registry. */
@Injectable()
export class StoreOrderMetrics {
  private readonly transitions: Counter<'transition'>;

  constructor(metrics: ServiceMetrics) {
    this.transitions = new Counter({
      name: 'store_orders_total',
      help: 'Store order changes: received, accepted, rejected, cooking_started, cooking_finished, delivery_started, delivery_completed, cancelled, recalled, cancelled_after_delivery, cancelled_before_received',
      labelNames: ['transition'],
      registers: [metrics.registry],
    });
    for (const transition of STORE_ORDER_TRANSITIONS) this.transitions.inc({ transition }, 0);
  }

  record(transition: StoreOrderTransition): void {
    this.transitions.inc({ transition });
  }
}
