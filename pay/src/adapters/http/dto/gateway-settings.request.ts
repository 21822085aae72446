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
  @IsOptional()
  @IsString()
  @Validate(LatencyRangeRule)
  latencyMs?: string;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  failureRate?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  declineRate?: number;
}
