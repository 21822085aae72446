import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCaller, ApiErrors, Caller, CurrentCaller, REQUEST_ID_HEADER } from '@fooddelivery/platform';
import { PlaceOrderHandler } from '../../application/place-order/place-order.handler';
import { CancelOrderHandler } from '../../application/cancel-order/cancel-order.handler';
import { QueryOrdersHandler } from '../../application/query-orders/query-orders.handler';
import type { OrderState } from '../../domain/order';
import { PLACE_ORDER_BODY_SCHEMA, RequestInvalid, parsePlaceOrderRequest } from './dto/place-order.request';
import { OrderResponse } from './dto/order.response';

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

const ORDER_ID = { name: 'orderId', description: 'The order (a UUID v4).', schema: { type: 'string', format: 'uuid' } } as const;

@ApiTags('orders')
@ApiCaller()
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly placeOrder: PlaceOrderHandler,
    private readonly cancelOrder: CancelOrderHandler,
    private readonly queries: QueryOrdersHandler,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Place an order (customers): priced from the menu, paid synchronously',
    description: 'Only an approved payment makes the order PLACED. The full form or the httpie shorthand `{item, quantity?, storeId}`.',
  })
  @ApiBody({ schema: PLACE_ORDER_BODY_SCHEMA })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeating a request with the same key answers the same order.', schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,100}$' } })
  @ApiResponse({ status: 201, description: 'PLACED (paid); the same order again for a repeated Idempotency-Key.', type: OrderResponse })
  @ApiErrors({
    400: 'The body or the Idempotency-Key is not valid, or names a menu item the store does not have.',
    402: 'The payment was declined (the order is recorded as PAYMENT_FAILED).',
    403: 'Only customers place orders.',
    404: 'No such store.',
    409: 'The same Idempotency-Key is still being paid.',
    413: 'The body is larger than BODY_LIMIT.',
    415: 'The body is not in a supported charset.',
    422: 'The Idempotency-Key was used before for a different order.',
    503: 'Payment is unavailable (pay down, slow, or the breaker open) or app is too busy; Retry-After says when to retry.',
  })
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
  @ApiOperation({ summary: 'The caller\'s orders, newest first (owners: their store\'s; admins: everyone\'s)' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiResponse({ status: 200, type: [OrderResponse] })
  @ApiErrors({ 400: 'limit is not a whole number from 1 to 200.' })
  async list(@CurrentCaller() caller: Caller, @Query('limit') limit?: string) {
    const parsed = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 200) throw new BadRequestException('limit must be a whole number from 1 to 200');
    return (await this.queries.listOrders(caller, parsed)).map(orderView);
  }

  @Get(':orderId')
  @ApiOperation({ summary: 'One order (its customer, its store\'s owner, admins)' })
  @ApiParam(ORDER_ID)
  @ApiResponse({ status: 200, type: OrderResponse })
  @ApiErrors({ 400: 'orderId is not a UUID.', 404: 'No such order, or not the caller\'s.' })
  async get(@CurrentCaller() caller: Caller, @Param('orderId', uuid) orderId: string) {
    return orderView(await this.queries.getOrder(caller, orderId));
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an order before its delivery starts (its customer, admins); pay refunds it' })
  @ApiParam(ORDER_ID)
  @ApiBody({
    required: false,
    schema: { type: 'object', additionalProperties: true, properties: { reason: { type: 'string', maxLength: 500 } } },
  })
  @ApiResponse({ status: 200, description: 'CANCELLED (or already cancelled).', type: OrderResponse })
  @ApiErrors({
    400: 'orderId is not a UUID, or reason is not a text of at most 500 characters.',
    404: 'No such order, or not the caller\'s.',
    409: 'The order can no longer be cancelled (delivery started, or it is final).',
    413: 'The body is larger than BODY_LIMIT.',
  })
  async cancel(@CurrentCaller() caller: Caller, @Param('orderId', uuid) orderId: string, @Body() body: unknown) {
    const reason = typeof body === 'object' && body !== null ? (body as { reason?: unknown }).reason : undefined;
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > 500)) {
      throw new BadRequestException('reason must be a text of at most 500 characters');
    }
    return orderView(await this.cancelOrder.execute(caller, orderId, reason));
  }
}
