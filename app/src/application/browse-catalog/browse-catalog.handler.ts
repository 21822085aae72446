import { Inject, Injectable } from '@nestjs/common';
import type { Store } from '../../domain/catalog';
import { StoreNotFound } from '../../domain/order.errors';
import { CATALOG_REPOSITORY, CatalogRepository } from '../ports/catalog.repository';

@Injectable()
export class BrowseCatalogHandler {
  constructor(@Inject(CATALOG_REPOSITORY) private readonly catalog: CatalogRepository) {}

  listStores(): Promise<Store[]> {
    return this.catalog.findAll();
  }

  async menuOf(storeId: string): Promise<Store> {
    const store = await this.catalog.findById(storeId);
    if (!store) throw new StoreNotFound(storeId);
    return store;
  }
}
