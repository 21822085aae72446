import type { OrderStatusView } from '../../domain/order-status-view';

export const ORDER_STATUS_REPOSITORY = Symbol('OrderStatusRepository');

export type SaveOutcome = 'applied' | 'duplicate' | 'conflict';

/** One OrderStatusView per order, with the ids of the events applied to it (inbox). */
export interface OrderStatusRepository {
  findById(orderId: string): Promise<OrderStatusView | undefined>;
  /** Newest first (by the time of the order's first event). */
  findByCustomer(customerId: string, limit: number): Promise<OrderStatusView[]>;
  findByStore(storeId: string, limit: number): Promise<OrderStatusView[]>;
  findRecent(limit: number): Promise<OrderStatusView[]>;
  /**
   * Writes `view` and records `eventId` as applied, in one atomic single-document write, provided the
   * stored view is still at `expectedRevision` (undefined: there is none yet). 'duplicate': the event
   * was applied already, nothing written; 'conflict': the view changed meanwhile (reload, decide again).
   */
  saveApplying(view: OrderStatusView, expectedRevision: number | undefined, eventId: string): Promise<SaveOutcome>;
}
