import { DynamicModule, Global, Module } from '@nestjs/common';
import { KafkaMessaging } from './kafka-messaging';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, KafkaMessaging],
      exports: [KafkaMessaging],
    };
  }
}
