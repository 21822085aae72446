import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { CustomerOrder, OrderVoid } from '../../domain/customer-order';
import { CustomerOrderRepository } from '../ports/customer-order.repository';
import { VoidOrderCommand, VoidOrderOutcome } from './void-order.command';

const MAX_ROUNDS = 10;

/** A cancelled, rejected or refunded order stops counting for recommendations (coupons are not affected). */
@Injectable()
export class VoidOrderHandler {
  constructor(
    private readonly orders: CustomerOrderRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: VoidOrderCommand): Promise<VoidOrderOutcome> {
    const { orderId, eventId, cause } = command;
    const log = this.logger.child({ orderId, eventId, cause });
    const input: OrderVoid = {
      orderId,
      reason: command.reason,
      ...(command.customerId ? { customerId: command.customerId } : {}),
      ...(command.storeId ? { storeId: command.storeId } : {}),
    };
    const options = { consumedEventId: eventId };
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const existing = await this.orders.findById(orderId);
      if (!existing) {
        const result = await this.orders.add(CustomerOrder.voidedFirst(input), options);
        if (result === 'conflict') continue; // OrderPlaced arrived meanwhile: void it
        if (result === 'already-applied') return 'unchanged';
        log.info(`${cause} before OrderPlaced: the order will never count`);
        return 'voided-first';
      }
      if (existing.void(input) === 'unchanged') return 'unchanged';
      const result = await this.orders.update(existing, options);
      if (result === 'conflict') continue;
      if (result === 'already-applied') return 'unchanged';
      log.debug(`${cause}: the order no longer counts for recommendations`);
      return 'voided';
    }
    throw new Error(`could not void order ${orderId}: its record kept changing`);
  }
}
