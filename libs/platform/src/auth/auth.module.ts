import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AuthVariables, JwtSettings, jwtSettings, serviceIssuer } from './auth.variables';
import { JWT_SETTINGS, JwtAuthGuard, JwtStrategy } from './auth.guard';
import { JwksController, PUBLISHED_KEYS } from './jwks.controller';
import { ServiceTokenIssuer } from './service-token';
import { SigningKey, generateSigningKey } from './signing-keys';
import { TokenKeys } from './token-keys';

export interface AuthModuleOptions {
  /**
   * The gateway only: the keys it signs users' tokens with. They are published at
   * /.well-known/jwks.json and verify its own issuer's tokens locally (no request to itself).
   */
  signingKeys?: readonly SigningKey[];
}

/**
 * Token verification for a service: a global guard (every route needs a valid JWT unless @Public()),
 * @Roles(), @CurrentCaller(), the trusted issuers' keys (TokenKeys), a ServiceTokenIssuer for calls
 * to other services, and /.well-known/jwks.json with the keys this process signs with.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(service: string, config: AuthVariables, options: AuthModuleOptions = {}): DynamicModule {
    const settings = jwtSettings(config);
    const { signingKeys } = options;
    return {
      module: AuthModule,
      imports: [PassportModule],
      controllers: [JwksController],
      providers: [
        { provide: JWT_SETTINGS, useValue: settings },
        {
          provide: ServiceTokenIssuer,
          // one key per process unless configured: its public half is published, so the callee finds it by kid
          useFactory: async () => new ServiceTokenIssuer(service, settings, settings.serviceKey ?? (await generateSigningKey())),
        },
        {
          provide: PUBLISHED_KEYS,
          useFactory: (issuer: ServiceTokenIssuer) => signingKeys ?? [issuer.key],
          inject: [ServiceTokenIssuer],
        },
        { provide: TokenKeys, useValue: tokenKeys(settings, signingKeys) },
        JwtStrategy,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
      ],
      exports: [JWT_SETTINGS, ServiceTokenIssuer, TokenKeys],
    };
  }
}

function tokenKeys(settings: JwtSettings, signingKeys: readonly SigningKey[] | undefined): TokenKeys {
  return new TokenKeys(
    [
      signingKeys ? { issuer: settings.issuer, keys: signingKeys } : { issuer: settings.issuer, jwksUrl: settings.jwksUrl },
      ...settings.trustedServices.map(({ name, jwksUrl }) => ({ issuer: serviceIssuer(name), jwksUrl, service: true })),
    ],
    { cacheMaxAgeMs: settings.cacheMaxAgeMs },
  );
}
