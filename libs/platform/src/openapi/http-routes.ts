import type { INestApplication } from '@nestjs/common';
import { METHODS } from 'node:http';

export interface HttpRoute {
  /** Upper case (`GET`); `ALL` for a route that takes every method. */
  method: string;
  /** As registered with Express: `/orders/:orderId/cancel`. */
  path: string;
}

interface RouterLayer {
  route?: { path: unknown; methods?: Record<string, boolean> };
}

/**
 * The routes the Express router really holds: Nest's controllers' and those registered on Express
 * directly (the OpenAPI document, Swagger UI), and the `ALL /{*path}` Nest binds its middleware for
 * every route with (request logs). Logged at start, compared with the document in tests.
 */
export function registeredRoutes(app: INestApplication): HttpRoute[] {
  const express = app.getHttpAdapter().getInstance() as {
    router?: { stack?: RouterLayer[] };
    _router?: { stack?: RouterLayer[] };
  };
  const stack = express.router?.stack ?? express._router?.stack ?? [];
  const routes: HttpRoute[] = [];
  for (const layer of stack) {
    if (!layer.route || typeof layer.route.path !== 'string') continue;
    const methods = Object.entries(layer.route.methods ?? {})
      .filter(([, enabled]) => enabled)
      .map(([method]) => (method === '_all' ? 'ALL' : method.toUpperCase()));
    // Express's all() registers every method one by one (Nest binds its middleware that way too)
    if (METHODS.every((method) => methods.includes(method))) routes.push({ method: 'ALL', path: layer.route.path });
    else routes.push(...methods.map((method) => ({ method, path: layer.route!.path as string })));
  }
  return routes;
}

/** `/orders/{orderId}` (OpenAPI) → `/orders/:orderId` (Express). */
export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1');
}
