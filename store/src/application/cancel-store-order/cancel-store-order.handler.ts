import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { StoreOrder } from '../../domain/store-order';
import { SaveOptions, StoreOrderRepository } from '../ports/store-order.repository';
import { StoreOrderMetrics } from '../store-order.metrics';
import { CancelStoreOrderCommand, CancelStoreOrderOutcome } from './cancel-store-order.command';

const MAX_ROUNDS = 10;

/**
 * Applies the cancellation policy of StoreOrder.cancel to the stored order, with the cancelling
 * event in the inbox. No order yet (the cancellation overtook PaymentApproved): a tombstone. A
 * concurrent owner step makes the save fail; the order is reloaded and the policy applied to its new
 * status, so exactly one of the two wins.
 */
@Injectable()
export class CancelStoreOrderHandler {
  constructor(
    private readonly orders: StoreOrderRepository,
    private readonly metrics: StoreOrderMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: CancelStoreOrderCommand): Promise<CancelStoreOrderOutcome> {
    const { orderId, reason, cause, eventId } = command;
    const log = this.logger.child({ orderId, eventId, cause });
    const options: SaveOptions = { consumedEventId: eventId };
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const order = await this.orders.findById(orderId);
      if (!order) {
        const tombstone = StoreOrder.tombstone(
          {
            orderId,
            reason,
            ...(command.storeId ? { storeId: command.storeId } : {}),
            ...(command.customerId ? { customerId: command.customerId } : {}),
          },
          new Date(),
        );
        const result = await this.orders.add(tombstone, options);
        if (result === 'conflict') continue; // PaymentApproved arrived meanwhile: apply the policy to it
        if (result === 'already-applied') return 'duplicate';
        this.metrics.record('cancelled_before_received');
        log.info(
          { reason },
          `${cause} before the order reached the store: recorded so its late PaymentApproved is ignored`,
        );
        return 'tombstoned';
      }

      const outcome = order.cancel(reason, new Date(), eventId);
      if (outcome.kind === 'unchanged') {
        log.info({ status: outcome.status, reason }, `${cause} for an order already ${outcome.status}: nothing to do`);
        return 'unchanged';
      }
      const result = await this.orders.update(order, options);
      if (result === 'conflict') continue;
      if (result === 'already-applied') return 'duplicate';
      if (outcome.kind === 'recalled') {
        this.metrics.record('recalled');
        log.warn(
          { reason },
          `${cause} while the order was being delivered: the rider is recalled (the customer was already refunded)`,
        );
        return 'recalled';
      }
      if (outcome.kind === 'cancelled_after_delivery') {
        this.metrics.record('cancelled_after_delivery');
        log.warn(
          { reason },
          `${cause} for an order already delivered: the customer was refunded, so the order ends CANCELLED`,
        );
        return 'cancelled_after_delivery';
      }
      this.metrics.record('cancelled');
      log.info({ from: outcome.from, reason }, `order cancelled (${cause}); the store stops preparing it`);
      return 'cancelled';
    }
    throw new Error(`could not cancel order ${orderId}: its record kept changing`);
  }
}
