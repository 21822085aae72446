import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { CustomerOrder } from '../../domain/customer-order';
import { CustomerOrderRepository } from '../ports/customer-order.repository';
import { RecordPlacedOrderCommand, RecordPlacedOrderOutcome } from './record-placed-order.command';

const MAX_ROUNDS = 10;

/** OrderPlaced → the order's menus join the customer's history (once per order, inbox by eventId). */
@Injectable()
export class RecordPlacedOrderHandler {
  constructor(
    private readonly orders: CustomerOrderRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: RecordPlacedOrderCommand): Promise<RecordPlacedOrderOutcome> {
    const { orderId, eventId } = command;
    const log = this.logger.child({ orderId, eventId, customerId: command.customerId });
    const options = { consumedEventId: eventId };
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const existing = await this.orders.findById(orderId);
      if (!existing) {
        const result = await this.orders.add(CustomerOrder.place(command), options);
        if (result === 'conflict') continue;
        if (result === 'already-applied') return 'duplicate';
        log.debug({ storeId: command.storeId, menus: command.items.length }, 'order added to the customer history');
        return 'recorded';
      }
      const outcome = existing.placeAgain(command);
      if (outcome === 'duplicate') return 'duplicate';
      const result = await this.orders.update(existing, options);
      if (result === 'conflict') continue;
      if (result === 'already-applied') return 'duplicate';
      log.info('OrderPlaced after the order was voided: recorded, never counted');
      return 'recorded-voided';
    }
    throw new Error(`could not record order ${orderId}: its record kept changing`);
  }
}
