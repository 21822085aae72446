import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Logger } from 'pino';
import { bodyLimitBytes } from '@fooddelivery/platform';
import { CALLER_RATE_LIMIT, CallerRateLimitGuard, RequestRateLimit } from './adapters/http/rate-limit.guards';
import { UpstreamController } from './adapters/http/upstream.controller';
import { ROUTE_TABLE, UPSTREAM_SETTINGS, UpstreamProxy } from './adapters/proxy/upstream-proxy';
import { UpstreamMetrics } from './adapters/proxy/upstream.metrics';
import { GatewayConfig, routeTableOf } from './gateway.config';

const TRUST_PROXY = Symbol('TRUST_PROXY');

/** TRUST_PROXY hops: how many reverse proxies in front whose x-forwarded-for express believes. */
@Injectable()
class TrustedProxies implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(TRUST_PROXY) private readonly hops: number,
  ) {}

  onModuleInit(): void {
    if (this.hops > 0) this.adapterHost.httpAdapter.getInstance<{ set(name: string, value: unknown): void }>().set('trust proxy', this.hops);
  }
}

/**
 * Routing to the upstream services. Its catch-all controller must be registered last: import this
 * module after every module with controllers.
 */
@Module({})
export class RoutingModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: RoutingModule,
      controllers: [UpstreamController],
      providers: [
        { provide: ROUTE_TABLE, useValue: routeTableOf(config) },
        {
          provide: UPSTREAM_SETTINGS,
          useValue: {
            timeoutMs: config.PROXY_TIMEOUT_MS,
            trustProxy: config.TRUST_PROXY > 0,
            bodyLimitBytes: bodyLimitBytes(config.BODY_LIMIT),
            bodyLimitText: config.BODY_LIMIT,
            checkIntervalMs: config.UPSTREAM_CHECK_INTERVAL_MS,
          },
        },
        { provide: TRUST_PROXY, useValue: config.TRUST_PROXY },
        {
          provide: CALLER_RATE_LIMIT,
          useValue: new RequestRateLimit({
            limit: config.RATE_LIMIT_PER_MINUTE,
            countBy: 'caller',
            failuresOnly: false,
            message: `Rate limit of ${config.RATE_LIMIT_PER_MINUTE} requests per minute reached; retry after the time in Retry-After`,
            logger,
          }),
        },
        CallerRateLimitGuard,
        UpstreamMetrics,
        UpstreamProxy,
        TrustedProxies,
      ],
    };
  }
}
