import { DynamicModule, INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { json, type NextFunction, type Request, type Response } from 'express';
import { bodyParserErrorHandler, httpMetricsMiddleware, refuseDeepJson, refuseNulInUrl } from './http/http-middleware';
import { ShutdownState } from './lifecycle/shutdown';
import { ServiceMetrics } from './metrics/metrics';
import type { ServiceVariables } from './config/variables';
import { ApiDocumentInfo, buildApiDocument, serveApiDocument } from './openapi/api-document';
import { registeredRoutes } from './openapi/http-routes';
import type { OpenAPIObject } from '@nestjs/swagger';

export interface ServiceBootstrap {
  service: string;
  module: Type<unknown> | DynamicModule;
  logger: Logger;
  /**
   * PORT, HOST; BODY_LIMIT: largest accepted JSON body, larger → 413; SHUTDOWN_DELAY_MS: after
   * readiness turns 503, wait this long before closing the server (lets load balancers notice);
   * SHUTDOWN_TIMEOUT_MS: in-flight requests get this long to finish, then connections are cut.
   */
  config: ServiceVariables;
  /**
   * Which requests get their JSON body parsed (default: all). The gateway parses only the bodies it
   * answers itself and streams the others to their upstream untouched.
   */
  parsesBodyOf?: (request: Request) => boolean;
  /**
   * The OpenAPI document of the service's HTTP surface, built from its controllers' decorators and
   * served at GET /openapi.json (public). `publish` replaces the serving: the gateway serves the
   * platform's merged document there instead, and Swagger UI.
   */
  apiDocument: Omit<ApiDocumentInfo, 'service'> & { publish?: (app: NestExpressApplication, own: OpenAPIObject) => void };
}

/** Idle keep-alive connections stay open this long: longer than any client's pool keeps them (gateway, app → pay). */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Creates, configures and starts a service, and owns its shutdown: SIGTERM/SIGINT (or a component
 * calling ShutdownState.terminate) turns readiness to 503, waits, lets in-flight requests finish,
 * runs the modules' destroy hooks (consumers leave their group, relays flush, connections close)
 * and exits.
 */
export async function bootstrapService(options: ServiceBootstrap): Promise<INestApplication> {
  const { logger, service, config } = options;
  const bodyLimit = config.BODY_LIMIT;
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(options.module, { bufferLogs: true, bodyParser: false });
  } catch (error) {
    logger.fatal({ err: error }, `${service} failed to start`);
    await flushAndExit(logger, 1);
    throw error;
  }
  app.useLogger(app.get(NestPinoLogger));
  app.disable('x-powered-by');
  app.use(httpMetricsMiddleware(app.get(ServiceMetrics)));
  app.use(refuseNulInUrl);
  const parseJson = json({ limit: bodyLimit, verify: refuseDeepJson() });
  const { parsesBodyOf } = options;
  app.use(parsesBodyOf ? (req: Request, res: Response, next: NextFunction) => (parsesBodyOf(req) ? parseJson(req, res, next) : next()) : parseJson);
  app.use(bodyParserErrorHandler(bodyLimit));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const { publish, ...documentInfo } = options.apiDocument;
  const document = buildApiDocument(app, { service, ...documentInfo });
  if (publish) publish(app, document);
  else serveApiDocument(app, () => document);

  const shutdown = app.get(ShutdownState);
  let exiting = false;
  const stop = async (exitCode: number, reason: string): Promise<void> => {
    if (exiting) return;
    exiting = true;
    shutdown.begin();
    logger.info({ reason }, `${service} shutting down`);
    await sleep(config.SHUTDOWN_DELAY_MS);
    const server = app.getHttpServer();
    const cut = setTimeout(() => {
      logger.warn('in-flight requests did not finish in time; closing their connections');
      server.closeAllConnections();
    }, config.SHUTDOWN_TIMEOUT_MS);
    cut.unref();
    try {
      await app.close();
      logger.info(`${service} stopped`);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      exitCode = exitCode || 1;
    }
    await flushAndExit(logger, exitCode);
  };
  shutdown.onTerminate(stop);
  // `on`, not `once`: a second signal (Ctrl-C reaches the whole process group, then the supervisor
  // sends SIGTERM) must not kill the process in the middle of its graceful shutdown
  process.on('SIGTERM', () => void stop(0, 'SIGTERM'));
  process.on('SIGINT', () => void stop(0, 'SIGINT'));

  try {
    await app.listen(config.PORT, config.HOST);
    const server = app.getHttpServer();
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  } catch (error) {
    logger.fatal({ err: error }, `${service} failed to start`);
    await flushAndExit(logger, 1);
  }
  logger.info({ port: config.PORT, routes: registeredRoutes(app).map(({ method, path }) => `${method} ${path}`) }, `${service} listening on port ${config.PORT}`);
  return app;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function flushAndExit(logger: Logger, code: number): Promise<never> {
  logger.flush();
  await sleep(50);
  process.exit(code);
}
