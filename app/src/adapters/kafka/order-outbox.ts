import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { DomainEvent } from '@fooddelivery/contracts';
import { KafkaMessaging, MongoOutboxStore, OutboxRelay } from '@fooddelivery/messaging';
import { ORDER_MODEL, OrderDocument } from '../persistence/order.schema';

/**
 * The orders' outbox (events inside each order document, which is keyed by orderId) and its relay:
 * what the repository has just committed is published at once; the sweep catches anything left.
 */
@Injectable()
export class OrderOutbox {
  private readonly relay: OutboxRelay;

  constructor(messaging: KafkaMessaging, @InjectModel(ORDER_MODEL) model: Model<OrderDocument>) {
    this.relay = messaging.addOutbox('orders', new MongoOutboxStore(model, (event) => event.orderId));
  }

  committed(events: readonly DomainEvent[]): void {
    void this.relay.publishCommitted(events);
  }
}
