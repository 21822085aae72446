import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@fooddelivery/platform';
import type { OrderState } from '../../domain/order';
import { OrderNotFound } from '../../domain/order.errors';
import { ORDER_REPOSITORY, OrderRepository } from '../ports/order.repository';
import { canSee } from './order-access';

@Injectable()
export class QueryOrdersHandler {
  constructor(@Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository) {}

  async getOrder(caller: Caller, orderId: string): Promise<Readonly<OrderState>> {
    const order = await this.orders.findById(orderId);
    if (!order || !canSee(caller, order)) throw new OrderNotFound(orderId);
    return order.snapshot();
  }

  /** The caller's own orders, newest first; admins see everyone's most recent ones. */
  async listOrders(caller: Caller, limit: number): Promise<Readonly<OrderState>[]> {
    const orders =
      caller.role === 'admin' ? await this.orders.findRecent(limit) : await this.orders.findByCustomer(caller.sub, limit);
    return orders.map((order) => order.snapshot());
  }
}
