import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { SeedDemoUsersHandler } from '../../application/seed-demo-users/seed-demo-users.handler';

export const DEMO_USERS_SETTINGS = Symbol('DEMO_USERS_SETTINGS');

export interface DemoUsersSettings {
  enabled: boolean;
  production: boolean;
}

/** Seeds the demo users at start (after the migrations) when DEMO_USERS is on. */
@Injectable()
export class DemoUsersSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly seed: SeedDemoUsersHandler,
    @Inject(DEMO_USERS_SETTINGS) private readonly settings: DemoUsersSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.enabled) return;
    if (this.settings.production) {
      this.logger.warn('DEMO_USERS=true in production: the demo users (password "password") can log in');
    }
    const added = await this.seed.execute();
    this.logger.info({ added }, added.length > 0 ? 'demo users added' : 'demo users present');
  }
}
