import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import type { Logger } from 'pino';
import { Caller, CurrentCaller, LOGGER, Roles } from '@fooddelivery/platform';
import { GatewaySettings, SimulatedPaymentGateway } from '../pg/simulated-payment-gateway';
import { GatewaySettingsRequest } from './dto/gateway-settings.request';

/** The simulated payment provider's knobs, changed at runtime (demos: slow, failing, declining PG). */
@Controller('admin/pay/gateway')
@Roles('admin')
export class GatewayAdminController {
  constructor(
    private readonly gateway: SimulatedPaymentGateway,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  settings(): GatewaySettings {
    return this.gateway.settings();
  }

  @Put()
  configure(@Body() body: GatewaySettingsRequest, @CurrentCaller() caller: Caller): GatewaySettings {
    const settings = this.gateway.configure(body);
    this.logger.warn({ ...settings, by: caller.sub }, 'simulated payment gateway reconfigured');
    return settings;
  }
}
