import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** POST /store-orders/:orderId/start-delivery — the body is optional. */
export class StartDeliveryRequest {
  @ApiPropertyOptional({ pattern: '\\S', maxLength: 100, description: 'Who delivers it.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  rider?: string;
}
