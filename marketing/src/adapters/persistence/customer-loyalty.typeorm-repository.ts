import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { KafkaMessaging, OutboxRelay, TypeOrmOutboxStore } from '@fooddelivery/messaging';
import type { CouponState } from '../../domain/coupon';
import type { CouponKind } from '../../domain/coupon-policy';
import { CustomerLoyalty, DeliveredOrder } from '../../domain/customer-loyalty';
import { CouponFilter, CustomerLoyaltyRepository } from '../../application/ports/customer-loyalty.repository';
import type { SaveOptions, SaveResult } from '../../application/ports/save-result';
import { DatabaseQueue, QueuedOutboxStore, commitAggregate } from '@fooddelivery/persistence';
import { CouponRecord, CustomerLoyaltyRecord, DeliveredOrderRecord } from './loyalty.orm-entities';
import { INBOX_CONSUMER } from './inbox-consumer';

/**
 * Loyalty counts, delivered orders and coupons in PostgreSQL or SQLite through TypeORM. A save is
 * one transaction: the count (conditional on its version), the new delivered orders (unique orderId
 * and (customerId, sequence)), the coupons (unique (orderId, kind)), their CouponIssued events in
 * the outbox and the consumed event in the inbox. Any collision rolls all of it back as 'conflict'.
 */
@Injectable()
export class TypeOrmCustomerLoyaltyRepository extends CustomerLoyaltyRepository {
  private readonly relay: OutboxRelay;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: DatabaseQueue,
    messaging: KafkaMessaging,
  ) {
    super();
    this.relay = messaging.addOutbox('coupons', new QueuedOutboxStore(new TypeOrmOutboxStore(dataSource), queue));
  }

  findByCustomer(customerId: string): Promise<CustomerLoyalty | undefined> {
    return this.queue.run(async () => {
      const record = await this.dataSource.getRepository(CustomerLoyaltyRecord).findOneBy({ customerId });
      return record
        ? CustomerLoyalty.restore({
            customerId: record.customerId,
            deliveredOrders: record.deliveredOrders,
            version: record.version,
          })
        : undefined;
    });
  }

  findDelivery(orderId: string): Promise<DeliveredOrder | undefined> {
    return this.queue.run(async () => {
      const record = await this.dataSource.getRepository(DeliveredOrderRecord).findOneBy({ orderId });
      return record ? { ...record } : undefined;
    });
  }

  async save(loyalty: CustomerLoyalty, options: SaveOptions = {}): Promise<SaveResult> {
    const events = [...loyalty.events];
    const version = loyalty.version + 1;
    const state = loyalty.snapshot();
    // the count changed, the order was counted, or the same event was applied, by someone else meanwhile: 'conflict'
    const result = await commitAggregate(this.dataSource, this.queue, {
      change: async (manager: EntityManager) => {
        const now = new Date();
        if (loyalty.isNew) {
          await manager.insert(CustomerLoyaltyRecord, {
            customerId: state.customerId,
            deliveredOrders: state.deliveredOrders,
            version,
            updatedAt: now,
          });
        } else {
          const updated = await manager.update(
            CustomerLoyaltyRecord,
            { customerId: state.customerId, version: loyalty.version },
            { deliveredOrders: state.deliveredOrders, version, updatedAt: now },
          );
          if ((updated.affected ?? 0) === 0) return false;
        }
        if (loyalty.deliveries.length > 0) {
          await manager.insert(
            DeliveredOrderRecord,
            loyalty.deliveries.map((delivery) => ({ ...delivery })),
          );
        }
        if (loyalty.coupons.length > 0) {
          await manager.insert(
            CouponRecord,
            loyalty.coupons.map((coupon) => ({ ...coupon })),
          );
        }
      },
      events,
      ...(options.consumedEventId ? { inbox: { consumer: INBOX_CONSUMER, eventId: options.consumedEventId } } : {}),
    });
    if (result === 'saved') {
      loyalty.committed(version);
      if (events.length > 0) void this.relay.flush();
    }
    return result;
  }

  coupons(filter: CouponFilter): Promise<CouponState[]> {
    return this.queue.run(async () => {
      const where: FindOptionsWhere<CouponRecord> = {};
      if (filter.customerId !== undefined) where.customerId = filter.customerId;
      const records = await this.dataSource.getRepository(CouponRecord).find({
        where,
        order: { issuedAt: 'DESC', sequence: 'DESC', kind: 'ASC' },
        take: filter.limit,
      });
      return records.map((record) => ({ ...record, kind: record.kind as CouponKind }));
    });
  }
}
