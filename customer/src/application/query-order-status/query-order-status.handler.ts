import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@fooddelivery/platform';
import type { OrderStatusView } from '../../domain/order-status-view';
import type { Notification } from '../../domain/notification';
import { OrderStatusNotFound } from '../../domain/customer-center.errors';
import { ORDER_STATUS_REPOSITORY, OrderStatusRepository } from '../ports/order-status.repository';
import { NOTIFICATION_REPOSITORY, NotificationRepository } from '../ports/notification.repository';
import { canSee } from './order-status-access';

/** Reads of the customer center: only its own database, never another service. */
@Injectable()
export class QueryOrderStatusHandler {
  constructor(
    @Inject(ORDER_STATUS_REPOSITORY) private readonly views: OrderStatusRepository,
    @Inject(NOTIFICATION_REPOSITORY) private readonly notifications: NotificationRepository,
  ) {}

  async getView(caller: Caller, orderId: string): Promise<OrderStatusView> {
    const view = await this.views.findById(orderId);
    if (!view || !canSee(caller, view)) throw new OrderStatusNotFound(orderId);
    return view;
  }

  /** A customer's orders; an owner's store's orders; an admin's view of the most recent ones. Newest first. */
  async listOrders(caller: Caller, limit: number): Promise<OrderStatusView[]> {
    switch (caller.role) {
      case 'customer':
        return this.views.findByCustomer(caller.sub, limit);
      case 'owner':
        return caller.storeId ? this.views.findByStore(caller.storeId, limit) : [];
      case 'admin':
        return this.views.findRecent(limit);
      default:
        return [];
    }
  }

  /** The caller's notifications (admins: everyone's most recent), newest first. */
  async listNotifications(caller: Caller, limit: number): Promise<Notification[]> {
    if (caller.role === 'admin') return this.notifications.findRecent(limit);
    return this.notifications.findByCustomer(caller.sub, limit);
  }
}
