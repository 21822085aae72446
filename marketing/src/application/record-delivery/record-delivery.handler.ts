import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { CouponPolicy } from '../../domain/coupon-policy';
import { CustomerLoyalty } from '../../domain/customer-loyalty';
import { CustomerLoyaltyRepository } from '../ports/customer-loyalty.repository';
import { MARKETING_SETTINGS, MarketingSettings } from '../marketing.settings';
import { MarketingMetrics } from '../marketing.metrics';
import { RecordDeliveryCommand, RecordDeliveryOutcome } from './record-delivery.command';

const MAX_ROUNDS = 10;

/**
 * DeliveryCompleted → the customer's next delivered order and the coupons its number earns, exactly
 * once per order however often (and under whichever event ids) the delivery arrives: the inbox
 * refuses a redelivered event, the delivered order's unique orderId refuses a second count of the
 * same order, and the count's version refuses two orders taking the same number — the loser
 * reloads and takes the next one. Coupons and their CouponIssued events commit with the count.
 */
@Injectable()
export class RecordDeliveryHandler {
  private readonly policy: CouponPolicy;

  constructor(
    private readonly loyalty: CustomerLoyaltyRepository,
    private readonly metrics: MarketingMetrics,
    @Inject(MARKETING_SETTINGS) settings: MarketingSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.policy = new CouponPolicy(settings.coupons);
  }

  async execute(command: RecordDeliveryCommand): Promise<RecordDeliveryOutcome> {
    const { orderId, customerId, eventId } = command;
    const log = this.logger.child({ orderId, eventId, customerId });
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const counted = await this.loyalty.findDelivery(orderId);
      if (counted) {
        log.info({ sequence: counted.sequence }, 'delivery already counted: no coupon issued again');
        return { kind: 'duplicate', sequence: counted.sequence };
      }
      const account = (await this.loyalty.findByCustomer(customerId)) ?? CustomerLoyalty.start(customerId);
      const recorded = account.recordDelivery(command, this.policy, () => randomUUID(), new Date());
      const result = await this.loyalty.save(account, { consumedEventId: eventId });
      if (result === 'conflict') continue; // another delivery of this customer (or of this order) won: reload
      if (result === 'already-applied') {
        log.info('DeliveryCompleted redelivered: already applied');
        return { kind: 'duplicate' };
      }
      for (const coupon of recorded.coupons) {
        this.metrics.couponIssued(coupon.kind);
        log.info(
          { couponId: coupon.couponId, kind: coupon.kind, discount: coupon.discount, sequence: recorded.sequence },
          'coupon issued',
        );
      }
      if (recorded.coupons.length === 0) log.debug({ sequence: recorded.sequence }, 'delivered order counted');
      return { kind: 'recorded', ...recorded };
    }
    throw new Error(`could not count the delivery of order ${orderId}: the customer's count kept changing`);
  }
}
