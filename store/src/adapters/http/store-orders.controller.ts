import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCaller, ApiErrors, Caller, CurrentCaller, Roles } from '@fooddelivery/platform';
import { StoreOrderResponse } from './dto/store-order.response';
import type { StepDetails, StoreOrderStep } from '../../domain/store-order';
import { ProgressStoreOrderHandler } from '../../application/progress-store-order/progress-store-order.handler';
import { QueryStoreOrdersHandler } from '../../application/query-store-orders/query-store-orders.handler';
import { ListStoreOrdersRequest } from './dto/list-store-orders.request';
import { RejectStoreOrderRequest } from './dto/reject-store-order.request';
import { StartDeliveryRequest } from './dto/start-delivery.request';
import { StoreOrderParams } from './dto/store-order.params';
import { StoreOrderView, toView } from './store-order.view';

const DEFAULT_LIMIT = 50;

/**
 * The owner's API. Owners handle their own store's orders only (another store's order answers 404);
 * admins every store's; customers and services get 403, a missing or bad token 401. Domain error
 * codes become statuses in PlatformModule's filter (see store.module.ts).
 */
@ApiTags('store-orders')
@ApiCaller('owner', 'admin')
@Controller('store-orders')
@Roles('owner', 'admin')
export class StoreOrdersController {
  constructor(
    private readonly queries: QueryStoreOrdersHandler,
    private readonly progress: ProgressStoreOrderHandler,
  ) {}

  /** Newest first; `status` filters, `limit` 1..200 (default 50). */
  @Get()
  @ApiOperation({ summary: "The store's queue, newest first (owners: their store; admins: every store)" })
  @ApiResponse({ status: 200, type: [StoreOrderResponse] })
  @ApiErrors({ 400: 'status or limit is not valid, or an unknown query parameter.' })
  async list(@CurrentCaller() caller: Caller, @Query() query: ListStoreOrdersRequest): Promise<StoreOrderView[]> {
    const orders = await this.queries.list(caller, {
      limit: query.limit ?? DEFAULT_LIMIT,
      ...(query.status ? { status: query.status } : {}),
    });
    return orders.map(toView);
  }

  @Get(':orderId')
  @ApiOperation({ summary: 'One store order' })
  @ApiResponse({ status: 200, type: StoreOrderResponse })
  @ApiErrors({ 404: "No such order, or another store's." })
  async get(@CurrentCaller() caller: Caller, @Param() { orderId }: StoreOrderParams): Promise<StoreOrderView> {
    return toView(await this.queries.get(caller, orderId));
  }

  @Post(':orderId/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept a RECEIVED order' })
  @ApiResponse({ status: 200, description: 'The order after the step.', type: StoreOrderResponse })
  @ApiErrors({
    404: "No such order, or another store's.",
    409: "The order's status does not allow this step, or it changed meanwhile.",
  })
  accept(@CurrentCaller() caller: Caller, @Param() { orderId }: StoreOrderParams): Promise<StoreOrderView> {
    return this.step(caller, orderId, 'accept');
  }

  @Post(':orderId/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reject a RECEIVED order, with a reason (pay refunds it)' })
  @ApiResponse({ status: 200, description: 'The order after the step.', type: StoreOrderResponse })
  @ApiErrors({
    400: 'reason is missing or longer than 500 characters.',
    413: 'The body is larger than BODY_LIMIT.',
    404: "No such order, or another store's.",
    409: "The order's status does not allow this step, or it changed meanwhile.",
  })
  reject(
    @CurrentCaller() caller: Caller,
    @Param() { orderId }: StoreOrderParams,
    @Body() body: RejectStoreOrderRequest,
  ): Promise<StoreOrderView> {
    return this.step(caller, orderId, 'reject', { reason: body.reason });
  }

  @Post(':orderId/start-cooking')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start cooking an ACCEPTED order' })
  @ApiResponse({ status: 200, description: 'The order after the step.', type: StoreOrderResponse })
  @ApiErrors({
    404: "No such order, or another store's.",
    409: "The order's status does not allow this step, or it changed meanwhile.",
  })
  startCooking(@CurrentCaller() caller: Caller, @Param() { orderId }: StoreOrderParams): Promise<StoreOrderView> {
    return this.step(caller, orderId, 'start-cooking');
  }

  @Post(':orderId/finish-cooking')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Finish cooking a COOKING order' })
  @ApiResponse({ status: 200, description: 'The order after the step.', type: StoreOrderResponse })
  @ApiErrors({
    404: "No such order, or another store's.",
    409: "The order's status does not allow this step, or it changed meanwhile.",
  })
  finishCooking(@CurrentCaller() caller: Caller, @Param() { orderId }: StoreOrderParams): Promise<StoreOrderView> {
    return this.step(caller, orderId, 'finish-cooking');
  }

  @Post(':orderId/start-delivery')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Hand a COOKED order to its rider' })
  @ApiResponse({ status: 200, description: 'The order after the step.', type: StoreOrderResponse })
  @ApiErrors({
    400: 'rider is not a text of 1 to 100 characters.',
    413: 'The body is larger than BODY_LIMIT.',
    404: "No such order, or another store's.",
    409: "The order's status does not allow this step, or it changed meanwhile.",
  })
  startDelivery(
    @CurrentCaller() caller: Caller,
    @Param() { orderId }: StoreOrderParams,
    @Body() body: StartDeliveryRequest,
  ): Promise<StoreOrderView> {
    return this.step(caller, orderId, 'start-delivery', body.rider !== undefined ? { rider: body.rider } : {});
  }

  @Post(':orderId/complete-delivery')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Complete the delivery of a DELIVERING order' })
  @ApiResponse({ status: 200, description: 'The order after the step.', type: StoreOrderResponse })
  @ApiErrors({
    404: "No such order, or another store's.",
    409: "The order's status does not allow this step, or it changed meanwhile.",
  })
  completeDelivery(@CurrentCaller() caller: Caller, @Param() { orderId }: StoreOrderParams): Promise<StoreOrderView> {
    return this.step(caller, orderId, 'complete-delivery');
  }

  private async step(
    caller: Caller,
    orderId: string,
    step: StoreOrderStep,
    details: StepDetails = {},
  ): Promise<StoreOrderView> {
    return toView(await this.progress.execute({ caller, orderId, step, ...details }));
  }
}
