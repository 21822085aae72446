import type { DomainEvent } from '@fooddelivery/contracts';
import type { IssuedCoupon, OrderStatus, OrderStatusView } from './order-status-view';

/** KakaoTalk's text template takes at most 200 characters; every channel gets the same text. */
export const MAX_MESSAGE_LENGTH = 200;

/** The short order number customers see: the first 8 hex digits of the orderId ("#1a2b3c4d"). */
export function orderNumber(orderId: string): string {
  return `#${orderId.replace(/-/g, '').slice(0, 8)}`;
}

/** 18000 → "18,000 won". */
export function won(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} won`;
}

/** What the customer reads when their order reaches `status` through `event`. */
export function statusMessage(view: OrderStatusView, status: OrderStatus, event: DomainEvent): string {
  const order = `Your order ${orderNumber(view.orderId)}`;
  switch (status) {
    case 'PLACED':
      return fit(
        view.totalAmount === undefined ? `${order} was placed` : `${order} was placed (${won(view.totalAmount)})`,
      );
    case 'ACCEPTED':
      return fit(`${order} was accepted by the store`);
    case 'COOKING':
      return fit(`${order} is being cooked`);
    case 'COOKED':
      return fit(`${order} is cooked and waiting for its rider`);
    case 'DELIVERING':
      return fit(view.rider ? `${order} is on its way with ${view.rider}` : `${order} is on its way`);
    case 'DELIVERED':
      return fit(`${order} was delivered. Enjoy your meal!`);
    case 'CANCELLED':
      return fit(
        event.eventType === 'DeliveryCancelled'
          ? `The delivery of your order ${orderNumber(view.orderId)} was cancelled: ${event.payload.reason}`
          : `${order} was cancelled${view.statusReason ? `: ${view.statusReason}` : ''}`,
      );
    case 'REJECTED':
      return fit(`${order} was rejected by the store${view.statusReason ? `: ${view.statusReason}` : ''}`);
  }
}

/** The refund of an order, worded after how the order ended. */
export function refundMessage(view: OrderStatusView, amount: number): string {
  const order = `Your order ${orderNumber(view.orderId)}`;
  if (view.status === 'CANCELLED') return fit(`${order} was cancelled and ${won(amount)} refunded`);
  if (view.status === 'REJECTED') return fit(`${order} was rejected and ${won(amount)} refunded`);
  return fit(`${won(amount)} was refunded for your order ${orderNumber(view.orderId)}`);
}

export function couponMessage(coupon: IssuedCoupon): string {
  return fit(`You received a coupon: ${won(coupon.discount)} off (${coupon.reason})`);
}

function fit(text: string): string {
  return text.length <= MAX_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}
