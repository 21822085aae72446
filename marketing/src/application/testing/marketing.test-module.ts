import { Test } from '@nestjs/testing';
import pino from 'pino';
import { LOGGER, ServiceMetrics } from '@fooddelivery/platform';
import type { CouponTerms } from '../../domain/coupon-policy';
import { CustomerLoyaltyRepository } from '../ports/customer-loyalty.repository';
import { CustomerOrderRepository } from '../ports/customer-order.repository';
import { MARKETING_SETTINGS, MarketingSettings } from '../marketing.settings';
import { MarketingMetrics } from '../marketing.metrics';
import { RecordDeliveryHandler } from '../record-delivery/record-delivery.handler';
import { RecordPlacedOrderHandler } from '../record-placed-order/record-placed-order.handler';
import { VoidOrderHandler } from '../void-order/void-order.handler';
import { ListCouponsHandler } from '../list-coupons/list-coupons.handler';
import { GetRecommendationsHandler } from '../get-recommendations/get-recommendations.handler';
import { InMemoryCustomerLoyaltyRepository } from './in-memory-customer-loyalty.repository';
import { InMemoryCustomerOrderRepository } from './in-memory-customer-order.repository';

export const DEFAULT_TERMS: CouponTerms = {
  welcomeDiscount: 3000,
  loyaltyDiscount: 5000,
  loyaltyEvery: 3,
  validDays: 30,
};

/** The use cases wired by Nest as in the service, on in-memory repositories and a silent logger. */
export async function marketingUseCases(terms: Partial<CouponTerms> = {}) {
  const loyalty = new InMemoryCustomerLoyaltyRepository();
  const orders = new InMemoryCustomerOrderRepository();
  const serviceMetrics = new ServiceMetrics('marketing');
  const settings: MarketingSettings = {
    coupons: { ...DEFAULT_TERMS, ...terms },
    recommendations: { limit: 10, windowDays: 30, halfLifeDays: 7, neighbourLimit: 500, recentLimit: 5000 },
  };
  const module = await Test.createTestingModule({
    providers: [
      RecordDeliveryHandler,
      RecordPlacedOrderHandler,
      VoidOrderHandler,
      ListCouponsHandler,
      GetRecommendationsHandler,
      MarketingMetrics,
      { provide: CustomerLoyaltyRepository, useValue: loyalty },
      { provide: CustomerOrderRepository, useValue: orders },
      { provide: MARKETING_SETTINGS, useValue: settings },
      { provide: ServiceMetrics, useValue: serviceMetrics },
      { provide: LOGGER, useValue: pino({ level: 'silent' }) },
    ],
  }).compile();
  /** The value of one counter of the service's registry for one label set. */
  const counted = async (name: string, labels: Record<string, string>): Promise<number> => {
    const metric = await serviceMetrics.registry.getSingleMetric(name)?.get();
    const found = metric?.values.find((value) => Object.entries(labels).every(([k, v]) => value.labels[k] === v));
    return found?.value ?? 0;
  };
  return {
    loyalty,
    orders,
    counted,
    recordDelivery: module.get(RecordDeliveryHandler),
    recordPlaced: module.get(RecordPlacedOrderHandler),
    voidOrder: module.get(VoidOrderHandler),
    listCoupons: module.get(ListCouponsHandler),
    recommendations: module.get(GetRecommendationsHandler),
  };
}

let sequence = 0;

export function newEventId(): string {
  return `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;
}

/** A DeliveryCompleted as the consumer hands it to RecordDeliveryHandler. */
export function delivered(orderId: string, customerId = 'alice', eventId = newEventId()) {
  return { orderId, customerId, storeId: '1', deliveredAt: new Date(), eventId };
}

/** An OrderPlaced as the consumer hands it to RecordPlacedOrderHandler. */
export function placed(
  orderId: string,
  customerId: string,
  menus: string[],
  storeId = '1',
  placedAt = new Date(),
  eventId = newEventId(),
) {
  return {
    orderId,
    customerId,
    storeId,
    placedAt,
    eventId,
    items: menus.map((menuId) => ({ menuId, name: nameOf(menuId), quantity: 1 })),
  };
}

export function nameOf(menuId: string): string {
  return menuId
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
