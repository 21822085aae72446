import { Injectable, OnModuleInit } from '@nestjs/common';
import { KafkaMessaging } from '@fooddelivery/messaging';
import type { StoreProgress } from '../../domain/order';
import { TrackOrderHandler } from '../../application/track-order/track-order.handler';

const PROGRESS = {
  OrderAccepted: 'ACCEPTED',
  CookingStarted: 'COOKING',
  CookingFinished: 'COOKED',
  DeliveryStarted: 'DELIVERING',
  DeliveryCompleted: 'DELIVERED',
} as const satisfies Record<string, StoreProgress>;

/** Thin: parse (done by the consumer), translate to a fact, apply, commit (done by the consumer). */
@Injectable()
export class OrderTrackingConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: KafkaMessaging,
    private readonly track: TrackOrderHandler,
  ) {}

  onModuleInit(): void {
    for (const [eventType, status] of Object.entries(PROGRESS) as [keyof typeof PROGRESS, StoreProgress][]) {
      this.messaging.on(eventType, async (event) => {
        await this.track.execute(event.orderId, event.eventId, { kind: 'progress', status });
      });
    }
    this.messaging.on('OrderRejected', async (event) => {
      await this.track.execute(event.orderId, event.eventId, { kind: 'rejected', reason: event.payload.reason });
    });
    this.messaging.on('DeliveryCancelled', async (event) => {
      await this.track.execute(event.orderId, event.eventId, { kind: 'cancelledElsewhere', reason: `store: ${event.payload.reason}` });
    });
    this.messaging.on('PaymentCancelled', async (event) => {
      await this.track.execute(event.orderId, event.eventId, { kind: 'cancelledElsewhere', reason: `payment refunded: ${event.payload.reason}` });
    });
  }
}
