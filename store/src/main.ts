import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfigOrExit } from '@fooddelivery/platform';
import { StoreConfig } from './store.config';
import { StoreModule } from './store.module';

const config = loadConfigOrExit('store', StoreConfig);
const logger = createLogger({ service: 'store', level: config.LOG_LEVEL });
void bootstrapService({
  service: 'store',
  module: StoreModule.forRoot(config, logger),
  logger,
  config,
  apiDocument: {
    title: 'fooddelivery store: store orders',
    description:
      'The owner queue: accept or reject a paid order, cook it, deliver it. Owners see the orders of their own store only.',
  },
});
