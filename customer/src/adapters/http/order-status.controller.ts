import { Controller, Get, Headers, MessageEvent, Param, Query, Sse } from '@nestjs/common';
import { Observable, map } from 'rxjs';
import { Caller, CurrentCaller } from '@fooddelivery/platform';
import { QueryOrderStatusHandler } from '../../application/query-order-status/query-order-status.handler';
import {
  StatusStreamItem,
  StreamOrderStatusHandler,
} from '../../application/stream-order-status/stream-order-status.handler';
import { parseLimit } from './list-limit';
import { orderStatusResponse } from './order-status.response';

/** How long an EventSource waits before reconnecting after the connection dropped. */
export const SSE_RETRY_MS = 3000;

@Controller()
export class OrderStatusController {
  constructor(
    private readonly queries: QueryOrderStatusHandler,
    private readonly streams: StreamOrderStatusHandler,
  ) {}

  @Get('order-status/:orderId')
  async get(@CurrentCaller() caller: Caller, @Param('orderId') orderId: string) {
    return orderStatusResponse(await this.queries.getView(caller, orderId));
  }

  /**
   * Server-sent events: the current view, then each change (`id:` = the view's revision), heartbeat
   * comments in between; the stream ends after DELIVERED, CANCELLED or REJECTED. A reconnect whose
   * Last-Event-ID is already the final revision answers 204, which stops an EventSource for good.
   */
  @Sse('order-status/:orderId/stream')
  async stream(
    @CurrentCaller() caller: Caller,
    @Param('orderId') orderId: string,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<Observable<MessageEvent>> {
    const items = await this.streams.open(caller, orderId, parseRevision(lastEventId));
    let first = true;
    return items.pipe(
      map((item: StatusStreamItem): MessageEvent => {
        if (item.kind === 'heartbeat') return { comment: 'heartbeat' };
        const event: MessageEvent = { id: String(item.view.revision), data: orderStatusResponse(item.view) };
        if (first) {
          first = false;
          event.retry = SSE_RETRY_MS;
        }
        return event;
      }),
    );
  }

  /** The caller's orders, newest first (owners: their store's; admins: everyone's). */
  @Get('my-orders')
  async list(@CurrentCaller() caller: Caller, @Query('limit') limit?: string) {
    return (await this.queries.listOrders(caller, parseLimit(limit))).map(orderStatusResponse);
  }
}

function parseRevision(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
