import type { Observable } from 'rxjs';
import type { OrderStatusView } from '../../domain/order-status-view';

export const ORDER_STATUS_CHANGES = Symbol('OrderStatusChanges');

/**
 * The in-process feed of view changes: the projection publishes every view it saved, streams watch
 * their order. It only carries the changes this replica applied (the events of its own partitions).
 */
export interface OrderStatusChanges {
  publish(view: OrderStatusView): void;
  changesOf(orderId: string): Observable<OrderStatusView>;
}
