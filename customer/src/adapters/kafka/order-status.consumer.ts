import { Injectable, OnModuleInit } from '@nestjs/common';
import type { DomainEvent, EventType } from '@fooddelivery/contracts';
import { EventHandler, KafkaMessaging } from '@fooddelivery/messaging';
import { VIEW_EVENT_TYPES } from '../../domain/order-status-view';
import { ProjectOrderStatusHandler } from '../../application/project-order-status/project-order-status.handler';
import { NotificationMetrics } from '../scheduling/notification.metrics';

/**
 * Every event of the platform feeds the order-status view. Thin: the consumer has parsed and
 * validated the event; the handler applies it (idempotently); the consumer commits. An error here
 * is a storage failure: the consumer retries it, then dead-letters it.
 */
@Injectable()
export class OrderStatusConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: KafkaMessaging,
    private readonly project: ProjectOrderStatusHandler,
    private readonly metrics: NotificationMetrics,
  ) {}

  onModuleInit(): void {
    const handle = async (event: DomainEvent) => {
      const result = await this.project.execute(event);
      if (result.recorded) this.metrics.entered('PENDING');
    };
    for (const eventType of VIEW_EVENT_TYPES) {
      this.messaging.on(eventType, handle as EventHandler<EventType>);
    }
  }
}
