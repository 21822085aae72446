import { DynamicModule, Module } from '@nestjs/common';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { SigningKey, TOKEN_ALGORITHM, jwtSettings } from '@fooddelivery/platform';
import { AccessTokenIssuer } from './application/ports/access-token-issuer';
import { PasswordHasher } from './application/ports/password-hasher';
import { UserRepository } from './application/ports/user.repository';
import { LogInHandler } from './application/log-in/log-in.handler';
import { SignUpHandler } from './application/sign-up/sign-up.handler';
import { SeedDemoUsersHandler } from './application/seed-demo-users/seed-demo-users.handler';
import { AuthController } from './adapters/http/auth.controller';
import {
  LOGIN_RATE_LIMIT,
  LoginRateLimitGuard,
  RequestRateLimit,
  SIGNUP_RATE_LIMIT,
  SignupRateLimitGuard,
} from './adapters/http/rate-limit.guards';
import { DEMO_USERS_SETTINGS, DemoUsersSeeder } from './adapters/lifecycle/demo-users.seeder';
import { UserRecord } from './adapters/persistence/user.orm-entity';
import { TypeOrmUserRepository } from './adapters/persistence/user.typeorm-repository';
import { BcryptPasswordHasher } from './adapters/security/bcrypt-password-hasher';
import { JwtAccessTokenIssuer } from './adapters/security/jwt-access-token-issuer';
import { GatewayConfig, demoUsersEnabled } from './gateway.config';

/** Users and login: POST /auth/signup, POST /auth/token, GET /auth/me, the user store and the demo users. */
@Module({})
export class UsersModule {
  static forRoot(config: GatewayConfig, logger: Logger, signingKey: SigningKey): DynamicModule {
    const jwt = jwtSettings(config);
    return {
      module: UsersModule,
      imports: [
        TypeOrmModule.forFeature([UserRecord]),
        JwtModule.register({
          privateKey: signingKey.privateKey,
          signOptions: { algorithm: TOKEN_ALGORITHM, keyid: signingKey.kid, issuer: jwt.issuer, audience: jwt.audience },
        }),
      ],
      controllers: [AuthController],
      providers: [
        { provide: UserRepository, useClass: TypeOrmUserRepository },
        {
          provide: PasswordHasher,
          // the decoy hash is made before the first request, so the first unknown user is not slower
          useFactory: async () => {
            const hasher = new BcryptPasswordHasher(config.BCRYPT_COST);
            await hasher.decoyHash();
            return hasher;
          },
        },
        {
          provide: AccessTokenIssuer,
          useFactory: (service: JwtService) => new JwtAccessTokenIssuer(service, config.JWT_TTL_SECONDS),
          inject: [JwtService],
        },
        LogInHandler,
        SignUpHandler,
        SeedDemoUsersHandler,
        { provide: DEMO_USERS_SETTINGS, useValue: { enabled: demoUsersEnabled(config), production: config.NODE_ENV === 'production' } },
        DemoUsersSeeder,
        {
          provide: LOGIN_RATE_LIMIT,
          useValue: new RequestRateLimit({
            limit: config.LOGIN_RATE_LIMIT_PER_MINUTE,
            countBy: 'client',
            failuresOnly: true,
            message: 'Too many failed logins from this address; retry after the time in Retry-After',
            logger,
          }),
        },
        LoginRateLimitGuard,
        {
          provide: SIGNUP_RATE_LIMIT,
          useValue: new RequestRateLimit({
            limit: config.SIGNUP_RATE_LIMIT_PER_HOUR,
            windowSeconds: 3600,
            countBy: 'client',
            failuresOnly: false,
            message: `Sign-up limit of ${config.SIGNUP_RATE_LIMIT_PER_HOUR} per hour from this address reached; retry after the time in Retry-After`,
            logger,
          }),
        },
        SignupRateLimitGuard,
      ],
    };
  }
}
