import { Injectable } from '@nestjs/common';
import type { Caller } from '@fooddelivery/platform';
import type { StoreOrderState, StoreOrderStatus } from '../../domain/store-order';
import { StoreOrderNotFound } from '../../domain/store-order.errors';
import { StoreOrderRepository } from '../ports/store-order.repository';
import { canManage, storeScope } from '../store-order-access';

export interface ListStoreOrdersQuery {
  status?: StoreOrderStatus;
  limit: number;
}

/** Reads for the owner's screen: one order, or the store's orders newest first. */
@Injectable()
export class QueryStoreOrdersHandler {
  constructor(private readonly orders: StoreOrderRepository) {}

  async get(caller: Caller, orderId: string): Promise<Readonly<StoreOrderState>> {
    const order = await this.orders.findById(orderId);
    if (!order || !canManage(caller, order)) throw new StoreOrderNotFound(orderId);
    return order.snapshot();
  }

  /** An owner sees their store's orders, an admin every store's, anyone else none. */
  async list(caller: Caller, query: ListStoreOrdersQuery): Promise<Readonly<StoreOrderState>[]> {
    const storeId = storeScope(caller);
    if (storeId === null) return [];
    const found = await this.orders.list({
      limit: query.limit,
      ...(storeId !== undefined ? { storeId } : {}),
      ...(query.status ? { status: query.status } : {}),
    });
    return found.map((order) => order.snapshot());
  }
}
