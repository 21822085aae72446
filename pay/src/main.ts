import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfigOrExit } from '@fooddelivery/platform';
import { PayConfig } from './pay.config';
import { PayModule } from './pay.module';

const config = loadConfigOrExit('pay', PayConfig);
const logger = createLogger({ service: 'pay', level: config.LOG_LEVEL });
void bootstrapService({
  service: 'pay',
  module: PayModule.forRoot(config, logger),
  logger,
  config,
  apiDocument: {
    title: 'fooddelivery pay: payments',
    description:
      'Payments and refunds (a simulated provider behind an adapter). Called by app with a service token; admins may read, cancel and tune the simulated provider.',
  },
});
