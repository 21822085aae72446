import 'reflect-metadata';
import { bootstrapService, createLogger, loadConfigOrExit } from '@fooddelivery/platform';
import { GatewayConfig, routeTableOf } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { publishApiDocuments } from './adapters/openapi/publish-api-documents';
import { serveWebApp } from './adapters/web/serve-web-app';
import { WebConfig, webRootOf } from './adapters/web/web.config';

const config = loadConfigOrExit('gateway', GatewayConfig);
const web = loadConfigOrExit('gateway', WebConfig);
const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
const routes = routeTableOf(config);
void bootstrapService({
  service: 'gateway',
  module: GatewayModule.forRoot(config, logger),
  logger,
  config,
  // only the gateway's own routes (/auth, …) have their body parsed; a routed request's body is
  // streamed to its upstream as it came, which validates it
  parsesBodyOf: (request) => routes.match(request.path) === undefined,
  apiDocument: {
    title: 'fooddelivery: the platform through its gateway',
    description:
      'Every route a client reaches at the gateway: its own (log in, probes, metrics, this document, Swagger UI at /docs) and those it routes to app, pay, store, customer and marketing. Errors answer `{statusCode, error, message}`.',
    publish: (app, own) => {
      // the web front end at / (ahead of the router, like the document; see adapters/web)
      serveWebApp(app, webRootOf(web), logger);
      publishApiDocuments(app, own, routes, logger);
    },
  },
});
