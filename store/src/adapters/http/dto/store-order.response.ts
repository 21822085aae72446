import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { STORE_ORDER_STATUSES, STORE_ORDER_STEPS } from '../../../domain/store-order';

@ApiSchema({ name: 'StoreOrderLine' })
export class StoreOrderLineResponse {
  @ApiProperty()
  menuId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ minimum: 1 })
  quantity!: number;

  @ApiProperty({ minimum: 0, description: 'Won.' })
  unitPrice!: number;
}

@ApiSchema({ name: 'StoreOrderTimelineEntry' })
export class StoreOrderTimelineEntry {
  @ApiProperty({ enum: STORE_ORDER_STATUSES, enumName: 'StoreOrderStatus' })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

@ApiSchema({ name: 'StoreOrder', description: "A paid order in its store's queue (absent fields are omitted)." })
export class StoreOrderResponse {
  @ApiProperty()
  orderId!: string;

  @ApiProperty()
  storeId!: string;

  @ApiProperty()
  customerId!: string;

  @ApiPropertyOptional()
  paymentId?: string;

  @ApiProperty({ type: [StoreOrderLineResponse] })
  items!: StoreOrderLineResponse[];

  @ApiProperty({ minimum: 0, description: 'Won.' })
  amount!: number;

  @ApiProperty({ enum: STORE_ORDER_STATUSES, enumName: 'StoreOrderStatus' })
  status!: string;

  @ApiProperty({
    enum: STORE_ORDER_STEPS,
    isArray: true,
    description: 'The steps the owner can take now (empty once final).',
  })
  allowedNext!: string[];

  @ApiProperty({ type: [StoreOrderTimelineEntry] })
  timeline!: StoreOrderTimelineEntry[];

  @ApiPropertyOptional()
  rider?: string;

  @ApiPropertyOptional()
  rejectionReason?: string;

  @ApiPropertyOptional()
  cancellationReason?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
