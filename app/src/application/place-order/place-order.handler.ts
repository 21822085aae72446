import { Inject, Injectable, Optional } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { Order, OrderState } from '../../domain/order';
import type { OrderLine } from '@fooddelivery/contracts';
import { priceOrder } from '../../domain/catalog';
import {
  IdempotencyKeyReused,
  InvalidOrderRequest,
  OnlyCustomersOrder,
  OrderPaymentInProgress,
  PaymentDeclined,
  PaymentUnavailable,
} from '../../domain/order.errors';
import { CATALOG_REPOSITORY, CatalogRepository } from '../ports/catalog.repository';
import { ORDER_REPOSITORY, OrderRepository } from '../ports/order.repository';
import { PAYMENTS, PaymentAvailability, PaymentOutcome, PaymentsPort } from '../ports/payments.port';
import type { PlaceOrderCommand } from './place-order.command';
import { ORDER_ADMISSION, OrderAdmission } from './order-admission';

/** Without configured admission control (use-case tests), placements are not limited. */
const UNLIMITED = new OrderAdmission({ concurrency: Number.MAX_SAFE_INTEGER, maxWaiting: 0 });

/**
 * The order id an Idempotency-Key stands for: derived from the customer and the key, shaped as a
 * UUID v4, so a repeat finds the first order by its id (no extra index or lookup table).
 */
export function orderIdFor(customerId: string, idempotencyKey: string): string {
  const hex = createHash('sha256').update(`${customerId}\u0000${idempotencyKey}`).digest('hex').slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const id = hex.join('');
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
}

/**
 * Places an order: record it (PAYMENT_PENDING), charge it through pay synchronously, and only an
 * approved payment makes it PLACED (with OrderPlaced in the same write). Declined → PAYMENT_FAILED
 * and PaymentDeclined; pay unavailable → PAYMENT_FAILED and PaymentUnavailable, reconciled when pay
 * may have charged anyway.
 */
@Injectable()
export class PlaceOrderHandler {
  constructor(
    @Inject(CATALOG_REPOSITORY) private readonly catalog: CatalogRepository,
    @Inject(ORDER_REPOSITORY) private readonly orders: OrderRepository,
    @Inject(PAYMENTS) private readonly payments: PaymentsPort,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(ORDER_ADMISSION) private readonly admission: OrderAdmission = UNLIMITED,
  ) {}

  /**
   * Places the order once it is this request's turn (OrderAdmission: a burst waits here, not at pay).
   * While the breaker is open the answer is a fast 503 that does not wait in line at all.
   */
  execute(command: PlaceOrderCommand): Promise<Readonly<OrderState>> {
    if (command.caller.role !== 'customer') return Promise.reject(new OnlyCustomersOrder(command.caller.role));
    const availability = this.payments.availability();
    if (!availability.available) return this.place(command, availability);
    return this.admission.run(() => this.place(command, this.payments.availability()));
  }

  private async place(command: PlaceOrderCommand, availability: PaymentAvailability): Promise<Readonly<OrderState>> {
    const store = await this.catalog.findById(command.storeId);
    if (!store) throw new InvalidOrderRequest(`There is no store "${command.storeId}" (GET /stores lists them)`);
    const lines = priceOrder(store, command.items);

    const orderId = command.idempotencyKey ? orderIdFor(command.caller.sub, command.idempotencyKey) : randomUUID();
    const order = Order.create({ orderId, customerId: command.caller.sub, storeId: store.storeId, lines });
    const log = this.logger.child({ orderId: order.id, customerId: command.caller.sub, storeId: store.storeId });
    if (!availability.available) {
      // fail fast: the order is recorded as failed in one write, pay is not called at all
      order.failPayment(`payment unavailable: ${availability.reason}`, false);
      if ((await this.orders.insert(order)) === 'duplicate') return this.replay(order.id, store.storeId, lines);
      log.warn({ reason: availability.reason }, 'payment unavailable; order not placed');
      throw new PaymentUnavailable(order.id, availability.retryAfterSeconds, availability.reason);
    }
    if ((await this.orders.insert(order)) === 'duplicate') return this.replay(order.id, store.storeId, lines);
    log.info({ totalAmount: order.snapshot().totalAmount }, 'order recorded; requesting payment');

    const outcome = await this.payments.requestPayment({
      orderId: order.id,
      customerId: command.caller.sub,
      storeId: store.storeId,
      items: lines,
      amount: order.snapshot().totalAmount,
      ...(command.requestId ? { requestId: command.requestId } : {}),
    });
    return this.settle(order, outcome, log);
  }

  /**
   * A repeat of a request with the same Idempotency-Key: the first request's outcome, never a second
   * order or charge. A failed first attempt stays failed: a new attempt needs a new key.
   */
  private async replay(orderId: string, storeId: string, lines: OrderLine[]): Promise<Readonly<OrderState>> {
    const existing = await this.orders.findById(orderId);
    if (!existing) throw new OrderPaymentInProgress(orderId);
    if (!existing.isSameRequest(storeId, lines)) throw new IdempotencyKeyReused(orderId);
    const state = existing.snapshot();
    this.logger.info({ orderId, status: state.status }, 'repeated request (same Idempotency-Key): answering the first outcome');
    if (state.status === 'PAYMENT_PENDING') throw new OrderPaymentInProgress(orderId);
    if (state.status !== 'PAYMENT_FAILED') return state;
    const reason = state.failureReason ?? 'payment failed';
    if (reason.startsWith('declined: ')) throw new PaymentDeclined(orderId, reason.slice('declined: '.length));
    throw new PaymentUnavailable(orderId, 1, `${reason}; this Idempotency-Key's attempt is over, use a new key to try again`);
  }

  private async settle(order: Order, outcome: PaymentOutcome, log: Logger): Promise<Readonly<OrderState>> {
    switch (outcome.kind) {
      case 'approved':
        order.place(outcome.paymentId);
        break;
      case 'declined':
        order.failPayment(`declined: ${outcome.reason}`, false);
        break;
      case 'unavailable':
        order.failPayment(`payment unavailable: ${outcome.reason}`, outcome.uncertain);
        break;
    }
    if (!(await this.orders.save(order))) {
      // only the reconciler touches a PAYMENT_PENDING order, and only once it is stale: it has
      // marked the order failed and will void or refund whatever pay did
      log.warn({ outcome: outcome.kind }, 'order was taken over by reconciliation while its payment was in flight');
      throw new PaymentUnavailable(order.id, 5, 'payment took too long');
    }

    if (outcome.kind === 'approved') {
      log.info({ paymentId: outcome.paymentId }, 'order placed');
      return order.snapshot();
    }
    if (outcome.kind === 'declined') {
      log.info({ reason: outcome.reason }, 'payment declined; order not placed');
      throw new PaymentDeclined(order.id, outcome.reason);
    }
    log.warn({ reason: outcome.reason, uncertain: outcome.uncertain }, 'payment unavailable; order not placed');
    throw new PaymentUnavailable(order.id, outcome.retryAfterSeconds, outcome.reason);
  }
}
