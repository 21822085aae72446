import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class StoreOrderParams {
  @ApiProperty({ minLength: 1, maxLength: 100, description: 'The order.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  orderId!: string;
}
