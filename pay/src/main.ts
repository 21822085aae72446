import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfigOrExit } from '@fooddelivery/platform';
import { PayConfig } from './pay.config';
import { PayModule } from './pay.module';

const config = loadConfigOrExit('pay', PayConfig);
const logger = createLogger({ service: 'pay', level: config.LOG_LEVEL });
void bootstrapService({ service: 'pay', module: PayModule.forRoot(config, logger), logger, config });
