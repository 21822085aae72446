import { Injectable, OnModuleInit } from '@nestjs/common';
import { KafkaMessaging } from '@fooddelivery/messaging';
import { CancelPaymentHandler } from '../../application/cancel-payment/cancel-payment.handler';

/**
 * Refunds from events: an order cancelled (app) or rejected by its store (store) gives its payment
 * back. Thin: the consumer has parsed the payload against its schema; the cancel handler is
 * idempotent (inbox by eventId, and the payment's status). A thrown error (provider unavailable)
 * makes the consumer retry with backoff, then dead-letter the event.
 */
@Injectable()
export class OrderEventsConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: KafkaMessaging,
    private readonly cancelPayment: CancelPaymentHandler,
  ) {}

  onModuleInit(): void {
    this.messaging.on('OrderCancelled', async (event) => {
      await this.cancelPayment.execute({
        orderId: event.orderId,
        reason: `order cancelled: ${event.payload.reason}`,
        causationId: event.eventId,
      });
    });
    this.messaging.on('OrderRejected', async (event) => {
      await this.cancelPayment.execute({
        orderId: event.orderId,
        reason: `order rejected by the store: ${event.payload.reason}`,
        causationId: event.eventId,
      });
    });
  }
}
