import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentCaller, Roles } from '@fooddelivery/platform';
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
  async cancel(@Param() { orderId }: OrderIdParams, @Body() body: CancelPaymentRequest, @CurrentCaller() caller: Caller): Promise<PaymentView> {
    const reason = body.reason ?? `cancelled by ${caller.sub}`;
    return toView(await this.cancelPayment.execute({ orderId, reason }));
  }

  @Get(':orderId')
  async get(@Param() { orderId }: OrderIdParams, @CurrentCaller() caller: Caller): Promise<PaymentView> {
    return toView(await this.getPayment.execute({ orderId, viewer: { id: caller.sub, role: caller.role } }));
  }
}
