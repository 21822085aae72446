import { Public } from '../auth/auth.guard';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Probe, ProbeRegistry, withTimeout } from './probes';
import { PLATFORM_OPTIONS, PlatformOptions } from '../platform.options';

@ApiTags('platform')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly probes: ProbeRegistry,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
  ) {}

  /** Liveness: the process and its consumers are alive. Never depends on a database or Kafka. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process and its consumers are alive (never depends on a database or Kafka)' })
  @HealthCheck()
  live() {
    return this.health.check([
      async () => this.indicators.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }),
      ...this.probes.livenessProbes().map((probe) => () => this.run(probe)),
    ]);
  }

  /**
   * Readiness: what the service cannot serve without is up and it is not shutting down; 503 with the
   * failing ones otherwise. Reports (Kafka behind an outbox) are listed with `required: false` and
   * whether they are `reachable`, and never fail it.
   */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when what the service needs is up and it is not shutting down; 503 with the report otherwise' })
  @HealthCheck()
  ready() {
    return this.health.check([
      ...this.probes.readinessProbes().map((probe) => () => this.run(probe)),
      ...this.probes.reportProbes().map((probe) => () => this.report(probe)),
    ]);
  }

  private async report(probe: Probe): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(probe.name);
    try {
      const details = await withTimeout(probe.check(), this.options.probeTimeoutMs ?? 2000, probe.name);
      return indicator.up({ required: false, reachable: true, ...(details ?? {}) });
    } catch (error) {
      return indicator.up({ required: false, reachable: false, message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async run(probe: Probe): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(probe.name);
    try {
      const details = await withTimeout(probe.check(), this.options.probeTimeoutMs ?? 2000, probe.name);
      return indicator.up(details ?? {});
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
