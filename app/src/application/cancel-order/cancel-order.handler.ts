import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Caller, LOGGER } from '@fooddelivery/platform';
import type { OrderState } from '../../domain/order';
import { OrderConcurrentlyModified, OrderNotFound } from '../../domain/order.errors';
import { ORDER_REPOSITORY, OrderRepository } from '../ports/order.repository';
import { canSee } from '../query-orders/order-access';

const ATTEMPTS = 3;

/**
 * Cancels an order before delivery starts: CANCELLED and OrderCancelled in one write; pay refunds
 * and store stands down when they consume it. A concurrent change (say, store's DeliveryStarted
 * arriving at the same moment) makes the save fail; the order is reloaded and the rule applied
 * again to its new status, so exactly one of the two wins.
 */
@Injectable()
export class CancelOrderHandler {
  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(caller: Caller, orderId: string, reason?: string): Promise<Readonly<OrderState>> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const order = await this.orders.findById(orderId);
      if (!order || !canSee(caller, order)) throw new OrderNotFound(orderId);
      order.cancel(reason?.trim() || `cancelled by ${caller.role === 'admin' ? 'an admin' : 'the customer'}`);
      if (await this.orders.save(order)) {
            this.logger.info({ orderId, by: caller.sub }, 'order cancelled');
        return order.snapshot();
      }
    }
    throw new OrderConcurrentlyModified(orderId);
  }
}
