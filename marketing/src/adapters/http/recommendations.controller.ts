import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCaller, ApiErrors, Caller, CurrentCaller, Roles } from '@fooddelivery/platform';
import { RecommendationsResponse } from './dto/marketing.response';
import type { Recommendations } from '../../domain/recommendation';
import { GetRecommendationsHandler } from '../../application/get-recommendations/get-recommendations.handler';
import { GetRecommendationsRequest } from './dto/get-recommendations.request';

/**
 * Menus and stores for the caller, best first, each with the reason it is there. Customers get
 * their own; admins may ask for anyone's (`?customerId=`; without it: popular now). Owners and
 * services get 403, a missing or bad token 401.
 */
@ApiTags('recommendations')
@ApiCaller('customer', 'admin')
@Controller('recommendations')
@Roles('customer', 'admin')
export class RecommendationsController {
  constructor(private readonly recommendations: GetRecommendationsHandler) {}

  @Get()
  @ApiOperation({ summary: 'Menus and stores for the caller, best first, each with its reason' })
  @ApiResponse({ status: 200, type: RecommendationsResponse })
  @ApiErrors({
    400: 'customerId or limit is not valid, or an unknown query parameter.',
    403: 'Only for: customer, admin; a customer naming another customer.',
  })
  async get(
    @CurrentCaller() caller: Caller,
    @Query() query: GetRecommendationsRequest,
  ): Promise<Recommendations & { generatedAt: string }> {
    const now = new Date();
    const result = await this.recommendations.execute(
      caller,
      {
        ...(query.customerId !== undefined ? { customerId: query.customerId } : {}),
        ...(query.limit !== undefined ? { limit: query.limit } : {}),
      },
      now,
    );
    return { ...result, generatedAt: now.toISOString() };
  }
}
