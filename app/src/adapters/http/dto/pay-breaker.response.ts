import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'PayBreakerWindow', description: "Counts over the breaker's rolling window." })
class PayBreakerWindowResponse {
  @ApiProperty({ example: 120 })
  fires!: number;

  @ApiProperty({ example: 3 })
  failures!: number;

  @ApiProperty({ example: 2 })
  timeouts!: number;

  @ApiProperty({ example: 0, description: 'Calls refused at once while the circuit was open.' })
  rejects!: number;
}

@ApiSchema({ name: 'PayInstances', description: "pay's instances as app sees them." })
class PayInstancesResponse {
  @ApiProperty({ example: 1 })
  ready!: number;

  @ApiProperty({ example: 0 })
  unready!: number;
}

@ApiSchema({ name: 'PayBreaker', description: "The circuit breaker guarding app's synchronous calls to pay." })
export class PayBreakerResponse {
  @ApiProperty({ enum: ['closed', 'half-open', 'open'], description: 'open: orders fail fast with 503 and Retry-After, without calling pay.' })
  state!: string;

  @ApiProperty({ example: 1000, description: 'A call to pay slower than this counts as a failure (PAY_TIMEOUT_MS).' })
  timeoutMs!: number;

  @ApiProperty({ example: 5000, description: 'How long the circuit stays open before one trial call (half-open).' })
  resetTimeoutMs!: number;

  @ApiProperty({ example: 50, description: 'Calls to pay in flight at most (the bulkhead).' })
  capacity!: number;

  @ApiProperty({ type: PayBreakerWindowResponse })
  window!: PayBreakerWindowResponse;

  @ApiProperty({ type: PayInstancesResponse })
  instances!: PayInstancesResponse;
}
