import { All, BadRequestException, Controller, Inject, NotFoundException, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { RouteTable, hasDotSegment } from '../../domain/route-table';
import { ROUTE_TABLE, UpstreamProxy } from '../proxy/upstream-proxy';
import { CallerRateLimitGuard } from './rate-limit.guards';

/**
 * Every path the gateway does not answer itself: the global JWT guard has verified the token, the
 * caller's rate limit is checked, then the routing table picks the upstream. Registered after every
 * other controller (see RoutingModule), so /auth, /health and /metrics keep their own handlers.
 */
@ApiExcludeController() // its routes are documented by the upstreams' documents (see PlatformApiDocument)
@Controller()
export class UpstreamController {
  constructor(
    @Inject(ROUTE_TABLE) private readonly routes: RouteTable,
    private readonly proxy: UpstreamProxy,
  ) {}

  @All('{*path}')
  @UseGuards(CallerRateLimitGuard)
  forward(@Req() request: Request, @Res() response: Response): void {
    const { path } = request;
    if (hasDotSegment(path)) throw new BadRequestException('The path must not contain "." or ".." segments');
    const route = this.routes.match(path);
    if (!route) throw new NotFoundException(`Cannot ${request.method} ${path}`);
    this.proxy.forward(route, request, response);
  }
}
