import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { STORE_ORDER_STATUSES, StoreOrderStatus } from '../../../domain/store-order';

/** GET /store-orders?status=RECEIVED&limit=50 */
export class ListStoreOrdersRequest {
  @ApiPropertyOptional({ enum: STORE_ORDER_STATUSES, enumName: 'StoreOrderStatus' })
  @IsOptional()
  @IsIn(STORE_ORDER_STATUSES, { message: `status must be one of: ${STORE_ORDER_STATUSES.join(', ')}` })
  status?: StoreOrderStatus;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 200' })
  @Min(1, { message: 'limit must be a whole number from 1 to 200' })
  @Max(200, { message: 'limit must be a whole number from 1 to 200' })
  limit?: number;
}
