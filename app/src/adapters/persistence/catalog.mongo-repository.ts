import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Store } from '../../domain/catalog';
import type { CatalogRepository } from '../../application/ports/catalog.repository';
import { STORE_MODEL, StoreDocument } from './store.schema';

/** How long a read of the catalog is reused: it is a handful of stores, read on every order. */
const CATALOG_FRESH_MS = 5000;

interface CatalogSnapshot {
  stores: Store[];
  byId: Map<string, Store>;
  readAt: number;
}

/**
 * The catalog on MongoDB, read whole and kept for a few seconds: every order needs its store's menu,
 * and the catalog is small and changes rarely (a change is visible within CATALOG_FRESH_MS).
 */
@Injectable()
export class CatalogMongoRepository implements CatalogRepository {
  private snapshot: CatalogSnapshot | undefined;
  private reading: Promise<CatalogSnapshot> | undefined;

  constructor(@InjectModel(STORE_MODEL) private readonly model: Model<StoreDocument>) {}

  async findAll(): Promise<Store[]> {
    return (await this.current()).stores;
  }

  async findById(storeId: string): Promise<Store | undefined> {
    return (await this.current()).byId.get(storeId);
  }

  /** Idempotent: replaces each store of the list (demo data at start). */
  async upsertAll(stores: readonly Store[]): Promise<void> {
    for (const store of stores) {
      await this.model
        .replaceOne({ _id: store.storeId }, { name: store.name, category: store.category, menu: store.menu }, { upsert: true })
        .exec();
    }
    this.snapshot = undefined;
  }

  private current(): Promise<CatalogSnapshot> {
    if (this.snapshot && Date.now() - this.snapshot.readAt < CATALOG_FRESH_MS) return Promise.resolve(this.snapshot);
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async read(): Promise<CatalogSnapshot> {
    const documents = await this.model.find().lean<StoreDocument[]>().exec();
    const stores = documents.map(toStore).sort((a, b) => a.storeId.localeCompare(b.storeId, 'en', { numeric: true }));
    this.snapshot = { stores, byId: new Map(stores.map((store) => [store.storeId, store])), readAt: Date.now() };
    return this.snapshot;
  }
}

function toStore(document: StoreDocument): Store {
  return {
    storeId: document._id,
    name: document.name,
    category: document.category,
    menu: document.menu.map(({ menuId, name, price, description }) => ({
      menuId,
      name,
      price,
      ...(description ? { description } : {}),
    })),
  };
}
