import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCaller, Roles } from '@fooddelivery/platform';
import { PayBreakerStatus, PayHttpClient } from '../pay/pay-http.client';
import { PayBreakerResponse } from './dto/pay-breaker.response';

/** The state of app's circuit breaker to pay, for the admin screen and the circuit-breaker demo. */
@ApiTags('admin')
@ApiCaller('admin')
@Controller('admin/app/pay-breaker')
@Roles('admin')
export class PayBreakerAdminController {
  constructor(private readonly pay: PayHttpClient) {}

  @Get()
  @ApiOperation({ summary: "The circuit breaker guarding app's calls to pay: its state and recent counts" })
  @ApiResponse({ status: 200, type: PayBreakerResponse })
  status(): PayBreakerStatus {
    return this.pay.describe();
  }
}
