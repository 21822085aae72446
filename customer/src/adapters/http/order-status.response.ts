import type { OrderStatusView } from '../../domain/order-status-view';
import type { Notification } from '../../domain/notification';

/** What clients see of an order's status (the inbox and event ids stay inside). */
export function orderStatusResponse(view: OrderStatusView) {
  return {
    orderId: view.orderId,
    status: view.status ?? null,
    ...(view.statusReason !== undefined ? { statusReason: view.statusReason } : {}),
    paymentState: view.paymentState ?? null,
    ...(view.refundedAmount !== undefined ? { refundedAmount: view.refundedAmount } : {}),
    customerId: view.customerId ?? null,
    storeId: view.storeId ?? null,
    items: view.items,
    totalAmount: view.totalAmount ?? null,
    ...(view.rider !== undefined ? { rider: view.rider } : {}),
    timeline: view.timeline.map(({ status, at, eventType }) => ({ status, at, eventType })),
    coupons: view.coupons,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    revision: view.revision,
  };
}

export function notificationResponse(notification: Notification) {
  return {
    notificationId: notification.notificationId,
    orderId: notification.orderId,
    status: notification.status,
    message: notification.message,
    state: notification.state,
    attempts: notification.attempts,
    occurredAt: notification.occurredAt.toISOString(),
    ...(notification.lastError !== undefined ? { lastError: notification.lastError } : {}),
    ...(notification.nextAttemptAt !== undefined ? { nextAttemptAt: notification.nextAttemptAt.toISOString() } : {}),
    createdAt: notification.createdAt.toISOString(),
    ...(notification.sentAt !== undefined ? { sentAt: notification.sentAt.toISOString() } : {}),
  };
}
