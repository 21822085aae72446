import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfigOrExit } from '@fooddelivery/platform';
import { CustomerConfig } from './customer.config';
import { CustomerModule } from './customer.module';

const config = loadConfigOrExit('customer', CustomerConfig);
const logger = createLogger({ service: 'customer', level: config.LOG_LEVEL });
void bootstrapService({
  service: 'customer',
  module: CustomerModule.forRoot(config, logger),
  logger,
  config,
  apiDocument: {
    title: 'fooddelivery customer: order status and notifications',
    description:
      'The order-status view (CQRS, built from events only), its live stream, and the notifications sent at every change.',
  },
});
