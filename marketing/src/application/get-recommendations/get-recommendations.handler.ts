import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@fooddelivery/platform';
import { Recommendations, recommend } from '../../domain/recommendation';
import { CustomerOrderRepository } from '../ports/customer-order.repository';
import { MARKETING_SETTINGS, MarketingSettings } from '../marketing.settings';
import { MarketingMetrics } from '../marketing.metrics';
import { customerScope } from '../marketing-access';

export interface GetRecommendationsQuery {
  /** Admins: for whom (unset: nobody in particular, popular now). Customers: their own id or unset. */
  customerId?: string;
  /** Top K; default from the settings. */
  limit?: number;
}

const DAY_MS = 86_400_000;

/** Menus and stores for a customer, from marketing's own record of the orders (see recommend()). */
@Injectable()
export class GetRecommendationsHandler {
  constructor(
    private readonly orders: CustomerOrderRepository,
    private readonly metrics: MarketingMetrics,
    @Inject(MARKETING_SETTINGS) private readonly settings: MarketingSettings,
  ) {}

  async execute(caller: Caller, query: GetRecommendationsQuery, now = new Date()): Promise<Recommendations> {
    const customerId = customerScope(caller, query.customerId);
    const settings = this.settings.recommendations;
    const input = await this.orders.recommendationInput(customerId, {
      since: new Date(now.getTime() - settings.windowDays * DAY_MS),
      neighbourLimit: settings.neighbourLimit,
      recentLimit: settings.recentLimit,
    });
    const result = recommend(input, { ...settings, limit: query.limit ?? settings.limit }, now);
    this.metrics.recommendationServed(result.basis);
    return result;
  }
}
