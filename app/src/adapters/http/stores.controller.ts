import { Controller, Get, Param } from '@nestjs/common';
import { BrowseCatalogHandler } from '../../application/browse-catalog/browse-catalog.handler';

@Controller('stores')
export class StoresController {
  constructor(private readonly catalog: BrowseCatalogHandler) {}

  @Get()
  async list() {
    return (await this.catalog.listStores()).map(({ storeId, name, category, menu }) => ({
      storeId,
      name,
      category,
      items: menu.length,
    }));
  }

  @Get(':storeId/menu')
  async menu(@Param('storeId') storeId: string) {
    const store = await this.catalog.menuOf(storeId);
    return { storeId: store.storeId, name: store.name, menu: store.menu };
  }
}
