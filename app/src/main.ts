import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfigOrExit } from '@fooddelivery/platform';
import { AppConfig } from './app.config';
import { AppModule } from './app.module';

const config = loadConfigOrExit('app', AppConfig);
const logger = createLogger({ service: 'app', level: config.LOG_LEVEL });
void bootstrapService({
  service: 'app',
  module: AppModule.forRoot(config, logger),
  logger,
  config,
  apiDocument: {
    title: 'fooddelivery app: ordering',
    description:
      'The catalog, its menus and the Order aggregate. An order is paid synchronously at pay through a circuit breaker; only an approved payment makes it PLACED.',
  },
});
