import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** POST /payments/:orderId/cancel: the body is optional. */
export class CancelPaymentRequest {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}
