import { Injectable } from '@nestjs/common';
import type { Caller } from '@fooddelivery/platform';
import type { CouponState } from '../../domain/coupon';
import { CustomerLoyaltyRepository } from '../ports/customer-loyalty.repository';
import { customerScope } from '../marketing-access';

export interface ListCouponsQuery {
  /** Admins: whose coupons (unset: everyone's). Customers: their own id or unset. */
  customerId?: string;
  limit: number;
}

/** A customer's coupons (or, for admins, anyone's), newest first. */
@Injectable()
export class ListCouponsHandler {
  constructor(private readonly loyalty: CustomerLoyaltyRepository) {}

  async execute(caller: Caller, query: ListCouponsQuery): Promise<CouponState[]> {
    const customerId = customerScope(caller, query.customerId);
    return this.loyalty.coupons({ limit: query.limit, ...(customerId !== undefined ? { customerId } : {}) });
  }
}
