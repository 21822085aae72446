import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCaller, ApiErrors } from '@fooddelivery/platform';
import { StoreMenuResponse, StoreSummaryResponse } from './dto/catalog.response';
import { BrowseCatalogHandler } from '../../application/browse-catalog/browse-catalog.handler';

@ApiTags('stores')
@ApiCaller()
@Controller('stores')
export class StoresController {
  constructor(private readonly catalog: BrowseCatalogHandler) {}

  @Get()
  @ApiOperation({ summary: 'Every store of the catalog' })
  @ApiResponse({ status: 200, type: [StoreSummaryResponse] })
  async list() {
    return (await this.catalog.listStores()).map(({ storeId, name, category, menu }) => ({
      storeId,
      name,
      category,
      items: menu.length,
    }));
  }

  @Get(':storeId/menu')
  @ApiOperation({ summary: "A store's menu, with prices in won" })
  @ApiParam({ name: 'storeId', example: '1' })
  @ApiResponse({ status: 200, type: StoreMenuResponse })
  @ApiErrors({ 404: 'No such store.' })
  async menu(@Param('storeId') storeId: string) {
    const store = await this.catalog.menuOf(storeId);
    return { storeId: store.storeId, name: store.name, menu: store.menu };
  }
}
