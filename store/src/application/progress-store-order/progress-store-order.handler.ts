import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { StoreOrderState, transitionOf } from '../../domain/store-order';
import { StoreOrderConflict, StoreOrderNotFound } from '../../domain/store-order.errors';
import { StoreOrderRepository } from '../ports/store-order.repository';
import { StoreOrderMetrics } from '../store-order.metrics';
import { canManage } from '../store-order-access';
import { ProgressStoreOrderCommand } from './progress-store-order.command';

const MAX_ROUNDS = 3;

/**
 * One step of the state machine by the owner of the order's store (or an admin): the new status and
 * its event are stored together (outbox), conditional on the version that was loaded. When a
 * concurrent step or cancellation won, the order is reloaded and the step judged against its new
 * status, so the loser gets 409 naming what is allowed now.
 */
@Injectable()
export class ProgressStoreOrderHandler {
  constructor(
    private readonly orders: StoreOrderRepository,
    private readonly metrics: StoreOrderMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: ProgressStoreOrderCommand): Promise<Readonly<StoreOrderState>> {
    const { caller, orderId, step } = command;
    const log = this.logger.child({ orderId, step, by: caller.sub });
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const order = await this.orders.findById(orderId);
      if (!order || !canManage(caller, order)) throw new StoreOrderNotFound(orderId);
      try {
        order.perform(step, {
          ...(command.reason !== undefined ? { reason: command.reason } : {}),
          ...(command.rider !== undefined ? { rider: command.rider } : {}),
        });
      } catch (error) {
        log.info(
          { status: order.status, reason: error instanceof Error ? error.message : String(error) },
          'step refused',
        );
        throw error;
      }
      const result = await this.orders.update(order);
      if (result !== 'saved') {
        log.info({ round }, 'the order changed meanwhile; deciding again');
        continue;
      }
      const state = order.snapshot();
      this.metrics.record(transitionOf(step));
      log.info(
        { status: state.status, storeId: state.storeId, ...(state.rider ? { rider: state.rider } : {}) },
        `store order ${step}: now ${state.status}`,
      );
      return state;
    }
    throw new StoreOrderConflict(orderId);
  }
}
