import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'StoreSummary' })
export class StoreSummaryResponse {
  @ApiProperty({ example: '1' })
  storeId!: string;

  @ApiProperty({ example: 'Chicken Palace' })
  name!: string;

  @ApiProperty({ example: 'chicken' })
  category!: string;

  @ApiProperty({ description: 'How many menu items it has.', minimum: 0 })
  items!: number;
}

@ApiSchema({ name: 'MenuItem' })
export class MenuItemResponse {
  @ApiProperty({ example: 'chicken' })
  menuId!: string;

  @ApiProperty({ example: 'Fried chicken' })
  name!: string;

  @ApiProperty({ minimum: 0, description: 'Won.' })
  price!: number;

  @ApiPropertyOptional()
  description?: string;
}

@ApiSchema({ name: 'StoreMenu' })
export class StoreMenuResponse {
  @ApiProperty({ example: '1' })
  storeId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: [MenuItemResponse] })
  menu!: MenuItemResponse[];
}
