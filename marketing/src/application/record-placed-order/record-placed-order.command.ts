import type { OrderedMenu } from '../../domain/customer-order';

/** A placed order, from OrderPlaced. */
export interface RecordPlacedOrderCommand {
  orderId: string;
  customerId: string;
  storeId: string;
  items: readonly OrderedMenu[];
  placedAt: Date;
  eventId: string;
}

/**
 * - recorded: the order counts for recommendations from now on;
 * - recorded-voided: recorded, but it had been cancelled, rejected or refunded already: it never counts;
 * - duplicate: it was recorded before; nothing changed.
 */
export type RecordPlacedOrderOutcome = 'recorded' | 'recorded-voided' | 'duplicate';
