import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfigOrExit } from '@fooddelivery/platform';
import { CustomerConfig } from './customer.config';
import { CustomerModule } from './customer.module';

const config = loadConfigOrExit('customer', CustomerConfig);
const logger = createLogger({ service: 'customer', level: config.LOG_LEVEL });
void bootstrapService({ service: 'customer', module: CustomerModule.forRoot(config, logger), logger, config });
