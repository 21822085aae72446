import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Max, Min, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { LATENCY_RANGE_RULE, parseLatencyRange } from '../../pg/latency-range';

@ValidatorConstraint({ name: 'latencyRange' })
class LatencyRangeRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseLatencyRange(value) !== undefined;
  }

  defaultMessage(): string {
    return `latencyMs ${LATENCY_RANGE_RULE}`;
  }
}

/** PUT /admin/pay/gateway: any subset of the simulated provider's knobs. */
export class GatewaySettingsRequest {
  @ApiPropertyOptional({
    pattern: '^\\s*(\\d{1,5})\\s*(-\\s*(\\d{1,5})\\s*)?$',
    example: '400-620',
    description: 'Milliseconds: "0", "250" or a range "400-620" (min ≤ max ≤ 60000).',
  })
  @IsOptional()
  @IsString()
  @Validate(LatencyRangeRule)
  latencyMs?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  failureRate?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  declineRate?: number;
}
