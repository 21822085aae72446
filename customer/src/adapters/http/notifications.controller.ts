import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCaller, ApiErrors, Caller, CurrentCaller } from '@fooddelivery/platform';
import { NotificationResponse } from './dto/order-status.response';
import { QueryOrderStatusHandler } from '../../application/query-order-status/query-order-status.handler';
import { parseLimit } from './list-limit';
import { notificationResponse } from './order-status.response';

@ApiTags('notifications')
@ApiCaller()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly queries: QueryOrderStatusHandler) {}

  /** The caller's notifications, newest first, with their delivery state and attempts. */
  @Get()
  @ApiOperation({ summary: "The caller's notifications, newest first, with their delivery state" })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiResponse({ status: 200, type: [NotificationResponse] })
  @ApiErrors({ 400: 'limit is not a whole number from 1 to 200.' })
  async list(@CurrentCaller() caller: Caller, @Query('limit') limit?: string) {
    return (await this.queries.listNotifications(caller, parseLimit(limit))).map(notificationResponse);
  }
}
