import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { HealthController } from './health/health.controller';
import { ProbeRegistry } from './health/probes';
import { HttpErrorFilter } from './http/http-error.filter';
import { REQUEST_ID_HEADER, requestId } from './http/http-middleware';
import { ShutdownState } from './lifecycle/shutdown';
import { MetricsController } from './metrics/metrics.controller';
import { ServiceMetrics } from './metrics/metrics';
import { LOGGER, PLATFORM_OPTIONS, PlatformOptions } from './platform.options';

const QUIET_ROUTES = /^\/(health|metrics)(\/|$)/;

/**
 * What every service gets: structured request logs with a request id, GET /health/live,
 * GET /health/ready, GET /metrics, the JSON error filter and the shutdown state.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const shutdown = new ShutdownState();
    const probes = new ProbeRegistry();
    probes.addReadiness(shutdown.readinessProbe());
    return {
      module: PlatformModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot({
          pinoHttp: {
            logger: options.logger,
            genReqId: (req, res) => {
              const id = requestId(req as never);
              res.setHeader(REQUEST_ID_HEADER, id);
              return id;
            },
            customProps: (req) => {
              const orderId = (req as { params?: Record<string, string> }).params?.orderId;
              return orderId ? { orderId } : {};
            },
            autoLogging: { ignore: (req) => QUIET_ROUTES.test(req.url ?? '') },
            // answered requests are counted in http_requests_total; their log lines are debug, so
            // at the default level a request under load costs no log line (failures still do)
            customLogLevel: (_req, res, error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug',
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        { provide: LOGGER, useValue: options.logger },
        { provide: ServiceMetrics, useValue: new ServiceMetrics(options.service) },
        { provide: ProbeRegistry, useValue: probes },
        { provide: ShutdownState, useValue: shutdown },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
      exports: [PLATFORM_OPTIONS, LOGGER, ServiceMetrics, ProbeRegistry, ShutdownState],
    };
  }
}
