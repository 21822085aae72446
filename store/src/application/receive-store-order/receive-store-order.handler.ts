import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { StoreOrder } from '../../domain/store-order';
import { StoreOrderRepository } from '../ports/store-order.repository';
import { StoreOrderMetrics } from '../store-order.metrics';
import { ReceiveStoreOrderCommand, ReceiveStoreOrderOutcome } from './receive-store-order.command';

const MAX_ROUNDS = 5;

/**
 * PaymentApproved → a RECEIVED store order, exactly once however often the event arrives: the inbox
 * (by eventId) and the orderId primary key both refuse a second one. An order cancelled before its
 * payment arrived left a tombstone: the late PaymentApproved is ignored, no live order appears.
 */
@Injectable()
export class ReceiveStoreOrderHandler {
  constructor(
    private readonly orders: StoreOrderRepository,
    private readonly metrics: StoreOrderMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: ReceiveStoreOrderCommand): Promise<ReceiveStoreOrderOutcome> {
    const { orderId, eventId } = command;
    const log = this.logger.child({ orderId, eventId });
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const existing = await this.orders.findById(orderId);
      if (existing?.isTombstone) {
        log.info({ storeId: command.storeId }, 'PaymentApproved for an order cancelled before it arrived: ignored');
        return 'ignored-cancelled';
      }
      if (existing) {
        log.info({ status: existing.status }, 'PaymentApproved for an order already received: nothing to do');
        return 'duplicate';
      }
      const order = StoreOrder.receive(command, new Date());
      const result = await this.orders.add(order, { consumedEventId: eventId });
      if (result === 'conflict') continue; // a concurrent delivery or a cancellation claimed the orderId
      if (result === 'already-applied') {
        log.info('PaymentApproved redelivered: already applied');
        return 'duplicate';
      }
      this.metrics.record('received');
      log.info(
        { storeId: command.storeId, customerId: command.customerId, amount: command.amount },
        'order received by the store',
      );
      return 'received';
    }
    throw new Error(`could not receive order ${orderId}: its record kept changing`);
  }
}
