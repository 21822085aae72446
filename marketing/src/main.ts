import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfigOrExit } from '@fooddelivery/platform';
import { MarketingConfig } from './marketing.config';
import { MarketingModule } from './marketing.module';

const config = loadConfigOrExit('marketing', MarketingConfig);
const logger = createLogger({ service: 'marketing', level: config.LOG_LEVEL });
void bootstrapService({
  service: 'marketing',
  module: MarketingModule.forRoot(config, logger),
  logger,
  config,
  apiDocument: {
    title: 'fooddelivery marketing: coupons and recommendations',
    description: 'Coupons earned by delivered orders, and recommendations from what customers order.',
  },
});
