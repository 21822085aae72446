import { Observable, Subject, filter } from 'rxjs';
import type { OrderStatusView } from '../../domain/order-status-view';
import type { OrderStatusChanges } from './order-status-changes.port';

/** OrderStatusChanges in memory that also remembers what was published, for use-case tests. */
export class RecordingChanges implements OrderStatusChanges {
  readonly published: OrderStatusView[] = [];
  private readonly subject = new Subject<OrderStatusView>();

  publish(view: OrderStatusView): void {
    this.published.push(view);
    this.subject.next(view);
  }

  changesOf(orderId: string): Observable<OrderStatusView> {
    return this.subject.pipe(filter((view) => view.orderId === orderId));
  }
}
