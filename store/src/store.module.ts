import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { PlatformModule } from '@fooddelivery/platform';
import { MessagingModule, messagingOptions } from '@fooddelivery/messaging';
import { RelationalPersistenceModule, relationalTarget } from '@fooddelivery/persistence';
import { StoreConfig } from './store.config';

@Module({})
export class StoreModule {
  static forRoot(config: StoreConfig, logger: Logger): DynamicModule {
    return {
      module: StoreModule,
      imports: [
        PlatformModule.forRoot({ service: 'store', logger }),
        MessagingModule.forRoot(messagingOptions('store', config)),
        RelationalPersistenceModule.forRoot(relationalTarget('store', config), []),
      ],
    };
  }
}
