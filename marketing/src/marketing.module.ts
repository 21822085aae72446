import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { PlatformModule } from '@fooddelivery/platform';
import { MessagingModule, messagingOptions } from '@fooddelivery/messaging';
import { RelationalPersistenceModule, relationalTarget } from '@fooddelivery/persistence';
import { MarketingConfig } from './marketing.config';

@Module({})
export class MarketingModule {
  static forRoot(config: MarketingConfig, logger: Logger): DynamicModule {
    return {
      module: MarketingModule,
      imports: [
        PlatformModule.forRoot({ service: 'marketing', logger }),
        MessagingModule.forRoot(messagingOptions('marketing', config)),
        RelationalPersistenceModule.forRoot(relationalTarget('marketing', config), []),
      ],
    };
  }
}
