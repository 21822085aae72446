import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subject, filter } from 'rxjs';
import type { OrderStatusView } from '../../domain/order-status-view';
import type { OrderStatusChanges } from '../../application/ports/order-status-changes.port';

/**
 * The change feed inside one process: the projection publishes, open streams listen. Replicas don't
 * share it (each sees the events of its own partitions), which is why streams also re-read the view.
 */
@Injectable()
export class InProcessOrderStatusChanges implements OrderStatusChanges, OnModuleDestroy {
  private readonly subject = new Subject<OrderStatusView>();

  publish(view: OrderStatusView): void {
    this.subject.next(view);
  }

  changesOf(orderId: string): Observable<OrderStatusView> {
    return this.subject.pipe(filter((view) => view.orderId === orderId));
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
