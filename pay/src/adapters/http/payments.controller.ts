import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCaller, ApiErrors, Caller, CurrentCaller, Roles } from '@fooddelivery/platform';
import { PaymentResponse } from './dto/payment.response';
import { ApprovePaymentHandler } from '../../application/approve-payment/approve-payment.handler';
import { CancelPaymentHandler } from '../../application/cancel-payment/cancel-payment.handler';
import { GetPaymentHandler } from '../../application/get-payment/get-payment.handler';
import { PaymentDeclinedError } from '../../domain/payment.errors';
import { ApprovePaymentRequest } from './dto/approve-payment.request';
import { CancelPaymentRequest } from './dto/cancel-payment.request';
import { OrderIdParams } from './dto/order-id.params';
import { PaymentView, toView } from './payment.view';

/**
 * The payments API. Only services (app) and admins create or cancel payments; a customer may read
 * their own. Error codes become statuses in PlatformModule's filter (see pay.module.ts).
 */
@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(
    private readonly approvePayment: ApprovePaymentHandler,
    private readonly cancelPayment: CancelPaymentHandler,
    private readonly getPayment: GetPaymentHandler,
  ) {}

  /** 201 approved; 200 the same approval again (idempotent by orderId); 402 declined. */
  @Post()
  @Roles('service', 'admin')
  @ApiOperation({ summary: 'Charge an order (app, admins); idempotent by orderId' })
  @ApiCaller('service', 'admin')
  @ApiResponse({ status: 201, description: 'Approved.', type: PaymentResponse })
  @ApiResponse({ status: 200, description: 'The same approval again.', type: PaymentResponse })
  @ApiErrors({
    400: 'The body is not valid.',
    402: 'Declined by the provider.',
    409: 'The order was cancelled, is being charged, or was charged with other details.',
    413: 'The body is larger than BODY_LIMIT.',
    503: 'The provider is unavailable; Retry-After says when to retry.',
  })
  async approve(@Body() body: ApprovePaymentRequest, @Res({ passthrough: true }) response: Response): Promise<PaymentView> {
    const result = await this.approvePayment.execute(body);
    if (result.outcome === 'declined') throw new PaymentDeclinedError(body.orderId, result.payment.reason ?? 'declined');
    response.status(result.repeated ? HttpStatus.OK : HttpStatus.CREATED);
    return toView(result.payment);
  }

  /** Refund (APPROVED), void (PENDING, or no payment yet: a tombstone), or nothing; always idempotent. */
  @Post(':orderId/cancel')
  @HttpCode(HttpStatus.OK)
  @Roles('service', 'admin')
  @ApiOperation({ summary: 'Refund, void or tombstone the payment of an order (app, admins); idempotent' })
  @ApiCaller('service', 'admin')
  @ApiParam({ name: 'orderId', schema: { type: 'string', minLength: 1, maxLength: 100 } })
  @ApiResponse({ status: 200, type: PaymentResponse })
  @ApiErrors({
    400: 'The body is not valid.',
    409: 'The charge is still in progress; retry.',
    413: 'The body is larger than BODY_LIMIT.',
    503: 'The provider is unavailable for the refund; Retry-After says when to retry.',
  })
  async cancel(@Param() { orderId }: OrderIdParams, @Body() body: CancelPaymentRequest, @CurrentCaller() caller: Caller): Promise<PaymentView> {
    const reason = body.reason ?? `cancelled by ${caller.sub}`;
    return toView(await this.cancelPayment.execute({ orderId, reason }));
  }

  @Get(':orderId')
  @ApiOperation({ summary: 'The payment of an order (its customer, services, admins)' })
  @ApiCaller()
  @ApiParam({ name: 'orderId', schema: { type: 'string', minLength: 1, maxLength: 100 } })
  @ApiResponse({ status: 200, type: PaymentResponse })
  @ApiErrors({ 404: 'No payment for that order, or not the caller\'s.' })
  async get(@Param() { orderId }: OrderIdParams, @CurrentCaller() caller: Caller): Promise<PaymentView> {
    return toView(await this.getPayment.execute({ orderId, viewer: { id: caller.sub, role: caller.role } }));
  }
}
