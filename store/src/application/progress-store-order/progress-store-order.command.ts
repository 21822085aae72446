import type { Caller } from '@fooddelivery/platform';
import type { StepDetails, StoreOrderStep } from '../../domain/store-order';

/** The owner (or an admin) moves an order on: accept, reject, start-cooking, … */
export interface ProgressStoreOrderCommand extends StepDetails {
  caller: Caller;
  orderId: string;
  step: StoreOrderStep;
}
