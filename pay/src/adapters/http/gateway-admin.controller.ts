import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import type { Logger } from 'pino';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCaller, ApiErrors, Caller, CurrentCaller, LOGGER, Roles } from '@fooddelivery/platform';
import { GatewaySettingsResponse } from './dto/payment.response';
import { GatewaySettings, SimulatedPaymentGateway } from '../pg/simulated-payment-gateway';
import { GatewaySettingsRequest } from './dto/gateway-settings.request';

/** The simulated payment provider's knobs, changed at runtime (demos: slow, failing, declining PG). */
@ApiTags('admin')
@ApiCaller('admin')
@Controller('admin/pay/gateway')
@Roles('admin')
export class GatewayAdminController {
  constructor(
    private readonly gateway: SimulatedPaymentGateway,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  @ApiOperation({ summary: "The simulated provider's settings" })
  @ApiResponse({ status: 200, type: GatewaySettingsResponse })
  settings(): GatewaySettings {
    return this.gateway.settings();
  }

  @Put()
  @ApiOperation({ summary: "Change any subset of the simulated provider's settings (demos: slow, failing, declining)" })
  @ApiResponse({ status: 200, description: 'The new settings.', type: GatewaySettingsResponse })
  @ApiErrors({ 400: 'A setting is out of range.', 413: 'The body is larger than BODY_LIMIT.' })
  configure(@Body() body: GatewaySettingsRequest, @CurrentCaller() caller: Caller): GatewaySettings {
    const settings = this.gateway.configure(body);
    this.logger.warn({ ...settings, by: caller.sub }, 'simulated payment gateway reconfigured');
    return settings;
  }
}
