import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { PlatformModule } from '@fooddelivery/platform';
import { MessagingModule, messagingOptions } from '@fooddelivery/messaging';
import { DocumentPersistenceModule } from '@fooddelivery/persistence';
import { AppConfig } from './app.config';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'app', logger }),
        MessagingModule.forRoot(messagingOptions('app', config)),
        DocumentPersistenceModule.forRoot(config.MONGO_URL, config.MONGO_DATABASE),
      ],
    };
  }
}
