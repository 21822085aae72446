import type { Store } from '../../domain/catalog';

export const CATALOG_REPOSITORY = Symbol('CatalogRepository');

export interface CatalogRepository {
  findAll(): Promise<Store[]>;
  findById(storeId: string): Promise<Store | undefined>;
}
