import { Controller, Get, Headers, MessageEvent, Param, Query, Sse } from '@nestjs/common';
import { Observable, map } from 'rxjs';
import { ApiHeader, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCaller, ApiErrors, Caller, CurrentCaller } from '@fooddelivery/platform';
import { OrderStatusResponse } from './dto/order-status.response';
import { QueryOrderStatusHandler } from '../../application/query-order-status/query-order-status.handler';
import {
  StatusStreamItem,
  StreamOrderStatusHandler,
} from '../../application/stream-order-status/stream-order-status.handler';
import { parseLimit } from './list-limit';
import { orderStatusResponse } from './order-status.response';

/** How long an EventSource waits before reconnecting after the connection dropped. */
export const SSE_RETRY_MS = 3000;

const ORDER_ID = { name: 'orderId', description: 'The order.' } as const;

@ApiTags('order-status')
@ApiCaller()
@Controller()
export class OrderStatusController {
  constructor(
    private readonly queries: QueryOrderStatusHandler,
    private readonly streams: StreamOrderStatusHandler,
  ) {}

  @Get('order-status/:orderId')
  @ApiOperation({ summary: "The status view of an order and its timeline (its customer, its store's owner, admins)" })
  @ApiParam(ORDER_ID)
  @ApiResponse({ status: 200, type: OrderStatusResponse })
  @ApiErrors({ 404: "No such order (yet), or not the caller's." })
  async get(@CurrentCaller() caller: Caller, @Param('orderId') orderId: string) {
    return orderStatusResponse(await this.queries.getView(caller, orderId));
  }

  /**
   * Server-sent events: the current view, then each change (`id:` = the view's revision), heartbeat
   * comments in between; the stream ends after DELIVERED, CANCELLED or REJECTED. A reconnect whose
   * Last-Event-ID is already the final revision answers 204, which stops an EventSource for good.
   */
  @Sse('order-status/:orderId/stream')
  @ApiOperation({
    summary: 'Follow an order live (server-sent events): the view, then each change; ends once the order is final',
  })
  @ApiParam(ORDER_ID)
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The last revision seen (an EventSource sends it when it reconnects).',
  })
  @ApiProduces('text/event-stream')
  @ApiResponse({
    status: 200,
    description: 'Events whose `id` is the revision and `data` an OrderStatus; heartbeat comments in between.',
    content: {
      'text/event-stream': {
        schema: {
          type: 'object',
          description: 'One server-sent event.',
          properties: {
            id: { type: 'string', description: 'The revision.' },
            event: { type: 'string' },
            data: { type: 'string', description: 'An OrderStatus, as JSON.' },
            retry: { type: 'integer' },
          },
        },
      },
    },
  })
  @ApiResponse({ status: 204, description: 'Last-Event-ID is already the final revision: nothing more will come.' })
  @ApiErrors({ 404: "No such order (yet), or not the caller's." })
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
  @ApiOperation({
    summary: "The caller's orders as the view knows them, newest first (owners: their store's; admins: everyone's)",
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiResponse({ status: 200, type: [OrderStatusResponse] })
  @ApiErrors({ 400: 'limit is not a whole number from 1 to 200.' })
  async list(@CurrentCaller() caller: Caller, @Query('limit') limit?: string) {
    return (await this.queries.listOrders(caller, parseLimit(limit))).map(orderStatusResponse);
  }
}

function parseRevision(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
