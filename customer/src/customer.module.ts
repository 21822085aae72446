import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { PlatformModule } from '@fooddelivery/platform';
import { MessagingModule, messagingOptions } from '@fooddelivery/messaging';
import { DocumentPersistenceModule } from '@fooddelivery/persistence';
import { CustomerConfig } from './customer.config';

@Module({})
export class CustomerModule {
  static forRoot(config: CustomerConfig, logger: Logger): DynamicModule {
    return {
      module: CustomerModule,
      imports: [
        PlatformModule.forRoot({ service: 'customer', logger }),
        MessagingModule.forRoot(messagingOptions('customer', config)),
        DocumentPersistenceModule.forRoot(config.MONGO_URL, config.MONGO_DATABASE),
      ],
    };
  }
}
