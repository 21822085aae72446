import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import type { Order, StoreProgress } from '../../domain/order';
import { ORDER_REPOSITORY, OrderRepository } from '../ports/order.repository';

/** What another service reported about an order, in app's words. */
export type OrderFact =
  | { kind: 'progress'; status: StoreProgress }
  | { kind: 'rejected'; reason: string }
  | { kind: 'cancelledElsewhere'; reason: string };

export class OrderChangedConcurrently extends Error {
  constructor(orderId: string) {
    super(`order ${orderId} changed while an event was applied; retrying`);
  }
}

/**
 * Keeps each order's status current from store and pay events, so app itself enforces "cancel only
 * before delivery starts". Every event is applied at most once (its id is stored with the change) and
 * only forward, so redelivered, late or out-of-order events change nothing.
 */
@Injectable()
export class TrackOrderHandler {
  constructor(
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(orderId: string, eventId: string, fact: OrderFact): Promise<'applied' | 'duplicate' | 'ignored' | 'unknown_order'> {
    const log = this.logger.child({ orderId, eventId, fact: fact.kind });
    const order = await this.orders.findById(orderId);
    if (!order) {
      log.warn('event for an order app does not know; ignored');
      return 'unknown_order';
    }
    const before = order.status;
    if (!apply(order, fact)) {
      log.debug({ status: before }, 'event changes nothing (late, repeated or after the end)');
      return (await this.orders.hasApplied(orderId, eventId)) ? 'duplicate' : 'ignored';
    }
    const outcome = await this.orders.saveApplying(order, eventId);
    if (outcome === 'conflict') throw new OrderChangedConcurrently(orderId);
    if (outcome === 'applied') log.info({ from: before, to: order.status }, 'order status updated');
    return outcome;
  }
}

function apply(order: Order, fact: OrderFact): boolean {
  switch (fact.kind) {
    case 'progress':
      return order.advance(fact.status);
    case 'rejected':
      return order.markRejected();
    case 'cancelledElsewhere':
      return order.markCancelledElsewhere(fact.reason);
  }
}
