import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class OrderIdParams {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  orderId!: string;
}
