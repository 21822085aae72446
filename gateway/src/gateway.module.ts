import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuthModule, PlatformModule } from '@fooddelivery/platform';
import { RelationalPersistenceModule, relationalTarget } from '@fooddelivery/persistence';
import { CreateUsers1733400000000 } from './adapters/persistence/migrations/1733400000000-create-users';
import { UniqueUsernameIgnoringCase1733500000000 } from './adapters/persistence/migrations/1733500000000-unique-username-ignoring-case';
import { UserRecord } from './adapters/persistence/user.orm-entity';
import { GatewayConfig, signingKeysOf } from './gateway.config';
import { RoutingModule } from './routing.module';
import { UsersModule } from './users.module';

/** Business errors of the gateway and their HTTP status. */
const ERROR_STATUS: Record<string, number> = {
  'AUTH.INVALID_CREDENTIALS': 401,
  'USER.INVALID': 422,
  'SIGN_UP.REFUSED': 400,
  'USER.USERNAME_TAKEN': 409,
};

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, logger: Logger): DynamicModule {
    const signingKeys = signingKeysOf(config, logger);
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forRoot({ service: 'gateway', logger, errorStatus: ERROR_STATUS }),
        AuthModule.forRoot('gateway', config, { signingKeys }),
        RelationalPersistenceModule.forRoot(relationalTarget('gateway', config), [UserRecord], [
          CreateUsers1733400000000,
          UniqueUsernameIgnoringCase1733500000000,
        ]),
        UsersModule.forRoot(config, logger, signingKeys[0]),
        // last: its catch-all route must come after every other controller's routes
        RoutingModule.forRoot(config, logger),
      ],
    };
  }
}
