import type { OrderLine } from '@fooddelivery/contracts';

/** A paid order for a store, from PaymentApproved. */
export interface ReceiveStoreOrderCommand {
  orderId: string;
  storeId: string;
  customerId: string;
  paymentId: string;
  items: readonly OrderLine[];
  amount: number;
  /** The PaymentApproved event: recorded in the inbox with the new order. */
  eventId: string;
}

/**
 * - received: the order is now RECEIVED at its store;
 * - duplicate: it was received before (a redelivered or repeated PaymentApproved); nothing changed;
 * - ignored-cancelled: the order was cancelled before its payment arrived (a tombstone); nothing changed.
 */
export type ReceiveStoreOrderOutcome = 'received' | 'duplicate' | 'ignored-cancelled';
