import { Test } from '@nestjs/testing';
import pino from 'pino';
import { LOGGER, ServiceMetrics } from '@fooddelivery/platform';
import { StoreOrder, StoreOrderStatus, StoreOrderStep } from '../../domain/store-order';
import { StoreOrderRepository } from '../ports/store-order.repository';
import { StoreOrderMetrics } from '../store-order.metrics';
import { ReceiveStoreOrderHandler } from '../receive-store-order/receive-store-order.handler';
import { CancelStoreOrderHandler } from '../cancel-store-order/cancel-store-order.handler';
import { ProgressStoreOrderHandler } from '../progress-store-order/progress-store-order.handler';
import { QueryStoreOrdersHandler } from '../query-store-orders/query-store-orders.handler';
import { InMemoryStoreOrderRepository } from './in-memory-store-order.repository';

/** The use cases wired by Nest as in the service, on an in-memory repository and a silent logger. */
export async function storeOrderUseCases() {
  const orders = new InMemoryStoreOrderRepository();
  const serviceMetrics = new ServiceMetrics('store');
  const module = await Test.createTestingModule({
    providers: [
      ReceiveStoreOrderHandler,
      CancelStoreOrderHandler,
      ProgressStoreOrderHandler,
      QueryStoreOrdersHandler,
      StoreOrderMetrics,
      { provide: StoreOrderRepository, useValue: orders },
      { provide: ServiceMetrics, useValue: serviceMetrics },
      { provide: LOGGER, useValue: pino({ level: 'silent' }) },
    ],
  }).compile();
  /** The value of store_orders_total for one transition. */
  const counted = async (transition: string): Promise<number> => {
    const metric = await serviceMetrics.registry.getSingleMetric('store_orders_total')?.get();
    return metric?.values.find((value) => value.labels.transition === transition)?.value ?? 0;
  };
  return {
    orders,
    counted,
    receive: module.get(ReceiveStoreOrderHandler),
    cancel: module.get(CancelStoreOrderHandler),
    progress: module.get(ProgressStoreOrderHandler),
    queries: module.get(QueryStoreOrdersHandler),
  };
}

let sequence = 0;

/** A PaymentApproved, as the consumer hands it to ReceiveStoreOrderHandler. */
export function paymentApproved(
  orderId: string,
  storeId = '1',
  eventId = `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
) {
  return {
    orderId,
    eventId,
    paymentId: `pay-${orderId}`,
    storeId,
    customerId: 'alice',
    items: [{ menuId: 'chicken', name: 'Chicken', quantity: 1, unitPrice: 18000 }],
    amount: 18000,
  };
}

export function newEventId(): string {
  return `00000000-0000-4000-9000-${String(++sequence).padStart(12, '0')}`;
}

const PATH: Partial<Record<StoreOrderStatus, StoreOrderStep[]>> = {
  RECEIVED: [],
  ACCEPTED: ['accept'],
  COOKING: ['accept', 'start-cooking'],
  COOKED: ['accept', 'start-cooking', 'finish-cooking'],
  DELIVERING: ['accept', 'start-cooking', 'finish-cooking', 'start-delivery'],
  DELIVERED: ['accept', 'start-cooking', 'finish-cooking', 'start-delivery', 'complete-delivery'],
  REJECTED: ['reject'],
};

/**
 * Stores an order of store `storeId` already moved to `status` (no pending events), at version 3 or,
 * replacing a stored one, at the next version (as a concurrent writer would leave it).
 */
export function seedOrder(
  orders: InMemoryStoreOrderRepository,
  orderId: string,
  status: StoreOrderStatus,
  storeId = '1',
  createdAt = new Date(),
): void {
  const order = StoreOrder.receive({ ...paymentApproved(orderId, storeId) }, createdAt);
  if (status === 'CANCELLED') order.cancel('seeded');
  else for (const step of PATH[status] ?? []) order.perform(step, { reason: 'seeded' });
  const stored = orders.rows.get(orderId);
  orders.seed({ ...order.snapshot(), version: stored ? stored.version + 1 : 3 });
}
