import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { PlatformModule } from '@fooddelivery/platform';
import { GatewayConfig } from './gateway.config';

@Module({})
export class GatewayModule {
  static forRoot(_config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forRoot({ service: 'gateway', logger }),
      ],
    };
  }
}
