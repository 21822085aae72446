import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Store } from '../../domain/catalog';
import type { CatalogRepository } from '../../application/ports/catalog.repository';
import { STORE_MODEL, StoreDocument } from './store.schema';

@Injectable()
export class CatalogMongoRepository implements CatalogRepository {
  constructor(@InjectModel(STORE_MODEL) private readonly model: Model<StoreDocument>) {}

  async findAll(): Promise<Store[]> {
    const documents = await this.model.find().lean<StoreDocument[]>().exec();
    return documents.map(toStore).sort((a, b) => a.storeId.localeCompare(b.storeId, 'en', { numeric: true }));
  }

  async findById(storeId: string): Promise<Store | undefined> {
    const document = await this.model.findById(storeId).lean<StoreDocument>().exec();
    return document ? toStore(document) : undefined;
  }

  /** Idempotent: replaces each store of the list (demo data at start). */
  async upsertAll(stores: readonly Store[]): Promise<void> {
    for (const store of stores) {
      await this.model
        .replaceOne({ _id: store.storeId }, { name: store.name, category: store.category, menu: store.menu }, { upsert: true })
        .exec();
    }
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
