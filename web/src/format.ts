const NUMBER = new Intl.NumberFormat('en-US');
const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** 18000 → "18,000 won" (as the notifications write it). */
export const won = (amount: number): string => `${NUMBER.format(amount)} won`;

/** The first 8 hex digits of an order id, as the notifications name it: "#1a2b3c4d". */
export const shortId = (orderId: string): string => `#${orderId.replace(/-/g, '').slice(0, 8)}`;

export const timeOf = (iso: string): string => TIME.format(new Date(iso));
export const dateTimeOf = (iso: string): string => DATE_TIME.format(new Date(iso));

const LABELS: Record<string, string> = {
  PAYMENT_PENDING: 'Payment pending',
  PAYMENT_FAILED: 'Payment failed',
  PAID: 'Paid',
  PLACED: 'Placed',
  RECEIVED: 'Received',
  ACCEPTED: 'Accepted',
  COOKING: 'Cooking',
  COOKED: 'Cooked',
  DELIVERING: 'On its way',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
  REJECTED: 'Rejected',
  REFUNDED: 'Refunded',
  COUPON_ISSUED: 'Coupon issued',
};

export const statusLabel = (status: string | null): string =>
  status === null ? 'Unknown' : (LABELS[status] ?? status);
