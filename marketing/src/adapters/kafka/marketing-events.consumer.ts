import { Injectable, OnModuleInit } from '@nestjs/common';
import { KafkaMessaging } from '@fooddelivery/messaging';
import { RecordDeliveryHandler } from '../../application/record-delivery/record-delivery.handler';
import { RecordPlacedOrderHandler } from '../../application/record-placed-order/record-placed-order.handler';
import { VoidOrderHandler } from '../../application/void-order/void-order.handler';

/**
 * What marketing learns from the event stream — it only listens, so no other service knows it
 * exists. Thin: the consumer has parsed each payload against its schema; the handlers are
 * idempotent (inbox by eventId, unique keys by orderId). A thrown error (database down) makes the
 * consumer retry with backoff, then dead-letter the event.
 * - OrderPlaced (app): the order's menus join the customer's history (recommendations);
 * - OrderCancelled (app), OrderRejected (store), PaymentCancelled (pay): the order stops counting;
 * - DeliveryCompleted (store): the customer's next delivered order, and the coupons it earns.
 */
@Injectable()
export class MarketingEventsConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: KafkaMessaging,
    private readonly placed: RecordPlacedOrderHandler,
    private readonly voided: VoidOrderHandler,
    private readonly delivered: RecordDeliveryHandler,
  ) {}

  onModuleInit(): void {
    this.messaging.on('OrderPlaced', async (event) => {
      const { customerId, storeId, items } = event.payload;
      await this.placed.execute({
        orderId: event.orderId,
        customerId,
        storeId,
        items: items.map(({ menuId, name, quantity }) => ({ menuId, name, quantity })),
        placedAt: new Date(event.occurredAt),
        eventId: event.eventId,
      });
    });
    this.messaging.on('DeliveryCompleted', async (event) => {
      const { customerId, storeId } = event.payload;
      await this.delivered.execute({
        orderId: event.orderId,
        customerId,
        storeId,
        deliveredAt: new Date(event.occurredAt),
        eventId: event.eventId,
      });
    });
    this.messaging.on('OrderCancelled', async (event) => {
      const { reason, customerId, storeId } = event.payload;
      await this.voided.execute({
        orderId: event.orderId,
        reason,
        cause: 'OrderCancelled',
        customerId,
        ...(storeId ? { storeId } : {}),
        eventId: event.eventId,
      });
    });
    this.messaging.on('OrderRejected', async (event) => {
      const { reason, customerId, storeId } = event.payload;
      await this.voided.execute({
        orderId: event.orderId,
        reason,
        cause: 'OrderRejected',
        customerId,
        storeId,
        eventId: event.eventId,
      });
    });
    this.messaging.on('PaymentCancelled', async (event) => {
      const { reason, customerId, storeId } = event.payload;
      await this.voided.execute({
        orderId: event.orderId,
        reason,
        cause: 'PaymentCancelled',
        ...(customerId ? { customerId } : {}),
        ...(storeId ? { storeId } : {}),
        eventId: event.eventId,
      });
    });
  }
}
