import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '@fooddelivery/platform';
import { CatalogMongoRepository } from './catalog.mongo-repository';
import { DEMO_CATALOG } from './demo-catalog';

export const DEMO_CATALOG_ENABLED = Symbol('DEMO_CATALOG_ENABLED');

@Injectable()
export class DemoCatalogLoader implements OnModuleInit {
  constructor(
    private readonly catalog: CatalogMongoRepository,
    @Inject(DEMO_CATALOG_ENABLED) private readonly enabled: boolean,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    await this.catalog.upsertAll(DEMO_CATALOG);
    this.logger.info({ stores: DEMO_CATALOG.length }, 'demo catalog loaded');
  }
}
