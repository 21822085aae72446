import { DynamicModule, Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import type { Logger } from 'pino';
import { LOGGER } from '../platform.options';
import { AuthVariables, JwtSettings, jwtSettings } from './auth.variables';
import { JWT_SETTINGS, JwtAuthGuard, JwtStrategy } from './auth.guard';
import { ServiceTokenIssuer } from './service-token';

class DevelopmentSecretWarning implements OnModuleInit {
  constructor(
    @Inject(JWT_SETTINGS) private readonly settings: JwtSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (this.settings.developmentSecret) {
      this.logger.warn('JWT_SECRET is not set: using the public development secret (refused when NODE_ENV=production)');
    }
  }
}

/**
 * Token verification for a service: a global guard (every route needs a valid JWT unless @Public()),
 * @Roles(), @CurrentCaller(), and a ServiceTokenIssuer for calls to other services.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(service: string, config: AuthVariables): DynamicModule {
    const settings = jwtSettings(config);
    return {
      module: AuthModule,
      imports: [PassportModule],
      providers: [
        { provide: JWT_SETTINGS, useValue: settings },
        { provide: ServiceTokenIssuer, useValue: new ServiceTokenIssuer(service, settings) },
        JwtStrategy,
        DevelopmentSecretWarning,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
      ],
      exports: [JWT_SETTINGS, ServiceTokenIssuer],
    };
  }
}
