import type { Caller } from '@fooddelivery/platform';
import type { RequestedItem } from '../../domain/catalog';

export interface PlaceOrderCommand {
  caller: Caller;
  storeId: string;
  items: RequestedItem[];
  requestId?: string;
  /** The client's Idempotency-Key: the same key (for the same customer) always means the same order. */
  idempotencyKey?: string;
}
