import { Controller, Get, Query } from '@nestjs/common';
import { Caller, CurrentCaller } from '@fooddelivery/platform';
import { QueryOrderStatusHandler } from '../../application/query-order-status/query-order-status.handler';
import { parseLimit } from './list-limit';
import { notificationResponse } from './order-status.response';

@Controller('notifications')
export class NotificationsController {
  constructor(private readonly queries: QueryOrderStatusHandler) {}

  /** The caller's notifications, newest first, with their delivery state and attempts. */
  @Get()
  async list(@CurrentCaller() caller: Caller, @Query('limit') limit?: string) {
    return (await this.queries.listNotifications(caller, parseLimit(limit))).map(notificationResponse);
  }
}
