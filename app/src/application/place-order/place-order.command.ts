import type { Caller } from '@fooddelivery/platform';
import type { RequestedItem } from '../../domain/catalog';

export interface PlaceOrderCommand {
  caller: Caller;
  storeId: string;
  items: RequestedItem[];
  requestId?: string;
}
