import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ServiceMetrics } from '../metrics/metrics';
import { errorBody } from './http-error.filter';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a well-formed incoming x-request-id (set by the gateway) or makes one; echoes it back. */
export function requestId(req: Request): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  return id;
}

/** Counts every response by method, route template (not the raw URL: bounded cardinality) and status. */
export function httpMetricsMiddleware(metrics: ServiceMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const template = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof template === 'string' ? `${req.baseUrl}${template}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e6);
    });
    next();
  };
}

/**
 * Turns body-parser failures (they happen before Nest's router, so its filters never see them)
 * into the platform's JSON errors: malformed JSON → 400, too large → 413, wrong charset → 415.
 */
export function bodyParserErrorHandler(limit: string) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const type = (error as { type?: string } | undefined)?.type;
    if (type === 'entity.parse.failed') {
      res.status(400).json(errorBody(400, `Malformed JSON in request body: ${(error as Error).message}`));
    } else if (type === 'entity.too.large') {
      res.status(413).json(errorBody(413, `Request body is larger than the ${limit} limit`));
    } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      res.status(415).json(errorBody(415, (error as Error).message));
    } else {
      next(error);
    }
  };
}
