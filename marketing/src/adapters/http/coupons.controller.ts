import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCaller, ApiErrors, Caller, CurrentCaller, Roles } from '@fooddelivery/platform';
import { CouponResponse } from './dto/marketing.response';
import { ListCouponsHandler } from '../../application/list-coupons/list-coupons.handler';
import { CouponView, toView } from './coupon.view';
import { ListCouponsRequest } from './dto/list-coupons.request';

const DEFAULT_LIMIT = 50;

/**
 * The caller's coupons, newest first. Customers see their own (naming another customer: 403);
 * admins anyone's (`?customerId=`, or everyone's without it); owners and services get 403, a
 * missing or bad token 401.
 */
@ApiTags('coupons')
@ApiCaller('customer', 'admin')
@Controller('coupons')
@Roles('customer', 'admin')
export class CouponsController {
  constructor(private readonly coupons: ListCouponsHandler) {}

  @Get()
  @ApiOperation({ summary: "The caller's coupons, newest first (admins: anyone's)" })
  @ApiResponse({ status: 200, type: [CouponResponse] })
  @ApiErrors({
    400: 'customerId or limit is not valid, or an unknown query parameter.',
    403: 'Only for: customer, admin; a customer naming another customer.',
  })
  async list(@CurrentCaller() caller: Caller, @Query() query: ListCouponsRequest): Promise<CouponView[]> {
    const coupons = await this.coupons.execute(caller, {
      limit: query.limit ?? DEFAULT_LIMIT,
      ...(query.customerId !== undefined ? { customerId: query.customerId } : {}),
    });
    const now = new Date();
    return coupons.map((coupon) => toView(coupon, now));
  }
}
