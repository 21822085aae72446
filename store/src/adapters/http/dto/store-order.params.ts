import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class StoreOrderParams {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  orderId!: string;
}
