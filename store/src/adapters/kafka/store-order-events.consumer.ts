import { Injectable, OnModuleInit } from '@nestjs/common';
import { KafkaMessaging } from '@fooddelivery/messaging';
import { CancelStoreOrderHandler } from '../../application/cancel-store-order/cancel-store-order.handler';
import { ReceiveStoreOrderHandler } from '../../application/receive-store-order/receive-store-order.handler';

/**
 * What store learns from the event stream. Thin: the consumer has parsed each payload against its
 * schema; the handlers are idempotent (inbox by eventId, the orderId key, terminal statuses). A
 * thrown error (database down) makes the consumer retry with backoff, then dead-letter the event.
 * - PaymentApproved (pay): a paid order arrives at its store → RECEIVED;
 * - OrderCancelled (app), PaymentCancelled (pay): the cancellation policy.
 */
@Injectable()
export class StoreOrderEventsConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: KafkaMessaging,
    private readonly receive: ReceiveStoreOrderHandler,
    private readonly cancel: CancelStoreOrderHandler,
  ) {}

  onModuleInit(): void {
    this.messaging.on('PaymentApproved', async (event) => {
      const { paymentId, storeId, customerId, items, amount } = event.payload;
      await this.receive.execute({
        orderId: event.orderId,
        paymentId,
        storeId,
        customerId,
        items,
        amount,
        eventId: event.eventId,
      });
    });
    this.messaging.on('OrderCancelled', async (event) => {
      const { reason, customerId, storeId } = event.payload;
      await this.cancel.execute({
        orderId: event.orderId,
        reason,
        cause: 'OrderCancelled',
        eventId: event.eventId,
        customerId,
        ...(storeId ? { storeId } : {}),
      });
    });
    this.messaging.on('PaymentCancelled', async (event) => {
      const { reason, customerId, storeId } = event.payload;
      await this.cancel.execute({
        orderId: event.orderId,
        reason,
        cause: 'PaymentCancelled',
        eventId: event.eventId,
        ...(customerId ? { customerId } : {}),
        ...(storeId ? { storeId } : {}),
      });
    });
  }
}
