import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { Caller, CurrentCaller, Roles } from '@fooddelivery/platform';
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
@Controller('store-orders')
@Roles('owner', 'admin')
export class StoreOrdersController {
  constructor(
    private readonly queries: QueryStoreOrdersHandler,
    private readonly progress: ProgressStoreOrderHandler,
  ) {}

  /** Newest first; `status` filters, `limit` 1..200 (default 50). */
  @Get()
  async list(@CurrentCaller() caller: Caller, @Query() query: ListStoreOrdersRequest): Promise<StoreOrderView[]> {
    const orders = await this.queries.list(caller, {
      limit: query.limit ?? DEFAULT_LIMIT,
      ...(query.status ? { status: query.status } : {}),
    });
    return orders.map(toView);
  }

  @Get(':orderId')
  async get(@CurrentCaller() caller: Caller, @Param() { orderId }: StoreOrderParams): Promise<StoreOrderView> {
    return toView(await this.queries.get(caller, orderId));
  }

  @Post(':orderId/accept')
  @HttpCode(HttpStatus.OK)
  accept(@CurrentCaller() caller: Caller, @Param() { orderId }: StoreOrderParams): Promise<StoreOrderView> {
    return this.step(caller, orderId, 'accept');
  }

  @Post(':orderId/reject')
  @HttpCode(HttpStatus.OK)
  reject(
    @CurrentCaller() caller: Caller,
    @Param() { orderId }: StoreOrderParams,
    @Body() body: RejectStoreOrderRequest,
  ): Promise<StoreOrderView> {
    return this.step(caller, orderId, 'reject', { reason: body.reason });
  }

  @Post(':orderId/start-cooking')
  @HttpCode(HttpStatus.OK)
  startCooking(@CurrentCaller() caller: Caller, @Param() { orderId }: StoreOrderParams): Promise<StoreOrderView> {
    return this.step(caller, orderId, 'start-cooking');
  }

  @Post(':orderId/finish-cooking')
  @HttpCode(HttpStatus.OK)
  finishCooking(@CurrentCaller() caller: Caller, @Param() { orderId }: StoreOrderParams): Promise<StoreOrderView> {
    return this.step(caller, orderId, 'finish-cooking');
  }

  @Post(':orderId/start-delivery')
  @HttpCode(HttpStatus.OK)
  startDelivery(
    @CurrentCaller() caller: Caller,
    @Param() { orderId }: StoreOrderParams,
    @Body() body: StartDeliveryRequest,
  ): Promise<StoreOrderView> {
    return this.step(caller, orderId, 'start-delivery', body.rider !== undefined ? { rider: body.rider } : {});
  }

  @Post(':orderId/complete-delivery')
  @HttpCode(HttpStatus.OK)
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
