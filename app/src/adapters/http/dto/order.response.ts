import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ORDER_STATUSES, OrderStatus } from '../../../domain/order';

@ApiSchema({ name: 'OrderLine', description: 'One priced line of an order (prices come from the menu, in won).' })
export class OrderLineSchema {
  @ApiProperty({ example: 'chicken' })
  menuId!: string;

  @ApiProperty({ example: 'Fried chicken' })
  name!: string;

  @ApiProperty({ minimum: 1, maximum: 100, example: 1 })
  quantity!: number;

  @ApiProperty({ minimum: 0, description: 'Won.', example: 18000 })
  unitPrice!: number;
}

@ApiSchema({ name: 'Order', description: 'An order as its customer, its store owner or an admin sees it.' })
export class OrderResponse {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ enum: ORDER_STATUSES, enumName: 'OrderStatus' })
  status!: OrderStatus;

  @ApiProperty({ example: 'alice' })
  customerId!: string;

  @ApiProperty({ example: '1' })
  storeId!: string;

  @ApiProperty({ type: [OrderLineSchema] })
  items!: OrderLineSchema[];

  @ApiProperty({ minimum: 0, description: 'Won.' })
  totalAmount!: number;

  @ApiPropertyOptional({ description: 'Once pay approved it.' })
  paymentId?: string;

  @ApiPropertyOptional({ description: 'Why payment failed, or why the order was cancelled after it was placed.' })
  failureReason?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}
