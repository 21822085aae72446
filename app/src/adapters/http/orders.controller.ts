import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Caller, CurrentCaller, REQUEST_ID_HEADER } from '@fooddelivery/platform';
import { PlaceOrderHandler } from '../../application/place-order/place-order.handler';
import { CancelOrderHandler } from '../../application/cancel-order/cancel-order.handler';
import { QueryOrdersHandler } from '../../application/query-orders/query-orders.handler';
import type { OrderState } from '../../domain/order';
import { RequestInvalid, parsePlaceOrderRequest } from './dto/place-order.request';

/** What clients see of an order. */
export function orderView(order: Readonly<OrderState>) {
  return {
    orderId: order.orderId,
    status: order.status,
    customerId: order.customerId,
    storeId: order.storeId,
    items: order.lines,
    totalAmount: order.totalAmount,
    ...(order.paymentId ? { paymentId: order.paymentId } : {}),
    ...(order.failureReason ? { failureReason: order.failureReason } : {}),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,100}$/;

const uuid = new ParseUUIDPipe({ version: '4', exceptionFactory: () => new BadRequestException('orderId must be a UUID') });

@Controller('orders')
export class OrdersController {
  constructor(
    private readonly placeOrder: PlaceOrderHandler,
    private readonly cancelOrder: CancelOrderHandler,
    private readonly queries: QueryOrdersHandler,
  ) {}

  @Post()
  async place(@CurrentCaller() caller: Caller, @Body() body: unknown, @Req() request: Request) {
    let parsed;
    try {
      parsed = parsePlaceOrderRequest(body);
    } catch (error) {
      if (error instanceof RequestInvalid) throw new BadRequestException(error.message);
      throw error;
    }
    const requestId = request.headers[REQUEST_ID_HEADER];
    const idempotencyKey = request.headers[IDEMPOTENCY_KEY_HEADER];
    if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey))) {
      throw new BadRequestException('Idempotency-Key must be 1 to 100 characters: letters, digits, . _ : -');
    }
    const order = await this.placeOrder.execute({
      caller,
      storeId: parsed.storeId,
      items: parsed.items,
      ...(typeof requestId === 'string' ? { requestId } : {}),
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
    return orderView(order);
  }

  @Get()
  async list(@CurrentCaller() caller: Caller, @Query('limit') limit?: string) {
    const parsed = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 200) throw new BadRequestException('limit must be a whole number from 1 to 200');
    return (await this.queries.listOrders(caller, parsed)).map(orderView);
  }

  @Get(':orderId')
  async get(@CurrentCaller() caller: Caller, @Param('orderId', uuid) orderId: string) {
    return orderView(await this.queries.getOrder(caller, orderId));
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  async cancel(@CurrentCaller() caller: Caller, @Param('orderId', uuid) orderId: string, @Body() body: unknown) {
    const reason = typeof body === 'object' && body !== null ? (body as { reason?: unknown }).reason : undefined;
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > 500)) {
      throw new BadRequestException('reason must be a text of at most 500 characters');
    }
    return orderView(await this.cancelOrder.execute(caller, orderId, reason));
  }
}
