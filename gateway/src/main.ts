import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfigOrExit } from '@fooddelivery/platform';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

const config = loadConfigOrExit('gateway', GatewayConfig);
const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
void bootstrapService({ service: 'gateway', module: GatewayModule.forRoot(config, logger), logger, config });
