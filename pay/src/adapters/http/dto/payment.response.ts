import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

export const PAYMENT_STATUSES = ['PENDING', 'APPROVED', 'DECLINED', 'FAILED', 'CANCELLED', 'VOIDED'] as const;

@ApiSchema({ name: 'PaymentLine' })
export class PaymentLineResponse {
  @ApiProperty()
  menuId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ minimum: 1 })
  quantity!: number;

  @ApiProperty({ minimum: 0, description: 'Won.' })
  unitPrice!: number;
}

@ApiSchema({ name: 'Payment', description: 'A payment of one order (absent fields are omitted; times are ISO 8601).' })
export class PaymentResponse {
  @ApiProperty()
  paymentId!: string;

  @ApiProperty()
  orderId!: string;

  @ApiProperty({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' })
  status!: string;

  @ApiPropertyOptional()
  customerId?: string;

  @ApiPropertyOptional()
  storeId?: string;

  @ApiPropertyOptional({ type: [PaymentLineResponse] })
  items?: PaymentLineResponse[];

  @ApiPropertyOptional({ minimum: 0, description: 'Won.' })
  amount?: number;

  @ApiPropertyOptional({ description: "The provider's transaction, once charged." })
  transactionId?: string;

  @ApiPropertyOptional({ description: 'Why it was declined, failed, cancelled or voided.' })
  reason?: string;

  @ApiProperty({ minimum: 0, description: 'Charge attempts at the provider.' })
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  approvedAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  declinedAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  cancelledAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  voidedAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  refundedAt?: string;
}

@ApiSchema({ name: 'SimulatedProviderSettings', description: "The simulated payment provider's knobs." })
export class GatewaySettingsResponse {
  @ApiProperty({ example: '400-620', description: '"0", "250" or a range "400-620" in milliseconds, drawn per call.' })
  latencyMs!: string;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Share of calls that fail as if the provider were down.' })
  failureRate!: number;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Share of charges the provider declines.' })
  declineRate!: number;
}
