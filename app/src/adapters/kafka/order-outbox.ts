import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { KafkaMessaging, MongoOutboxStore, OutboxRelay } from '@fooddelivery/messaging';
import type { OrderEventsPort } from '../../application/ports/order-events.port';
import { ORDER_MODEL, OrderDocument } from '../persistence/order.schema';

/** The orders' outbox (events inside each order document) and its relay to Kafka. */
@Injectable()
export class OrderOutbox implements OrderEventsPort {
  private readonly relay: OutboxRelay;

  constructor(messaging: KafkaMessaging, @InjectModel(ORDER_MODEL) model: Model<OrderDocument>) {
    this.relay = messaging.addOutbox('orders', new MongoOutboxStore(model));
  }

  flush(): void {
    void this.relay.flush();
  }
}
