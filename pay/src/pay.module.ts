import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { PlatformModule } from '@fooddelivery/platform';
import { MessagingModule, messagingOptions } from '@fooddelivery/messaging';
import { RelationalPersistenceModule, relationalTarget } from '@fooddelivery/persistence';
import { PayConfig } from './pay.config';

@Module({})
export class PayModule {
  static forRoot(config: PayConfig, logger: Logger): DynamicModule {
    return {
      module: PayModule,
      imports: [
        PlatformModule.forRoot({ service: 'pay', logger }),
        MessagingModule.forRoot(messagingOptions('pay', config)),
        RelationalPersistenceModule.forRoot(relationalTarget('pay', config), []),
      ],
    };
  }
}
