import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** POST /store-orders/:orderId/reject — the reason is required (the customer is told, pay refunds). */
export class RejectStoreOrderRequest {
  @ApiProperty({ pattern: '\\S', maxLength: 500, description: 'Why the store rejects it (the customer is told).' })
  @Transform(trim)
  @IsString({ message: 'reason is required: why the store rejects the order' })
  @IsNotEmpty({ message: 'reason is required: why the store rejects the order' })
  @MaxLength(500)
  reason!: string;
}
