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
 * Refuses a path or query holding a NUL character (`%00`) with 400 before any route sees it: no id
 * or text of the platform has one, and PostgreSQL (also under FerretDB) fails on it instead of
 * finding nothing.
 */
export function refuseNulInUrl(req: Request, res: Response, next: NextFunction): void {
  if (/%00/.test(req.url)) res.status(400).json(errorBody(400, `${NUL_MESSAGE} in the path or query`));
  else next();
}

/** BODY_LIMIT ("100kb", "1mb", "512b") in bytes. */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`not a body size: ${limit}`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[match[2].toLowerCase() as 'b' | 'kb' | 'mb'];
  return Number(match[1]) * unit;
}

/** Deepest nesting of objects and arrays a JSON body may have; deeper → 400 (no DTO needs more). */
export const MAX_JSON_DEPTH = 32;

export class JsonTooDeep extends Error {
  readonly type = 'entity.too.deep';
  constructor(readonly maxDepth: number) {
    super(`JSON body is nested deeper than ${maxDepth} levels`);
  }
}

/** A JSON text holding the NUL character (`\u0000`): no text of the platform has one, and PostgreSQL cannot store it. */
export class JsonHasNul extends Error {
  readonly type = 'entity.nul';
  constructor() {
    super(NUL_MESSAGE);
  }
}

const NUL_MESSAGE = 'Text must not contain the NUL character (U+0000)';
const ESCAPED_NUL = Buffer.from('u0000');

/**
 * body-parser's `verify` hook: refuses a body nested deeper than `maxDepth`, or with a NUL character
 * in a string (`\u0000`), before it is parsed. A single pass over the bytes (brackets outside
 * strings), so a body of thousands of levels never reaches the code below that walks it recursively
 * (validation, logging) and overflows the stack.
 */
export function refuseDeepJson(maxDepth = MAX_JSON_DEPTH) {
  return (_req: unknown, _res: unknown, body: Buffer): void => {
    let depth = 0;
    let inString = false;
    for (let index = 0; index < body.length; index++) {
      const byte = body[index];
      if (inString) {
        if (byte === 0x5c) {
          // backslash: skip the escaped byte; `\u0000` is the NUL character
          if (body[index + 1] === 0x75 && body.subarray(index + 1, index + 6).equals(ESCAPED_NUL)) throw new JsonHasNul();
          index++;
        } else if (byte === 0x22) inString = false;
      } else if (byte === 0x22) {
        inString = true;
      } else if (byte === 0x7b || byte === 0x5b) {
        if (++depth > maxDepth) throw new JsonTooDeep(maxDepth);
      } else if (byte === 0x7d || byte === 0x5d) {
        depth--;
      }
    }
  };
}

/**
 * Turns body-parser failures (they happen before Nest's router, so its filters never see them)
 * into the platform's JSON errors: malformed or too deeply nested JSON → 400, too large → 413,
 * wrong charset → 415.
 */
export function bodyParserErrorHandler(limit: string) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const type = (error as { type?: string } | undefined)?.type;
    if (type === 'entity.parse.failed') {
      res.status(400).json(errorBody(400, `Malformed JSON in request body: ${(error as Error).message}`));
    } else if (type === 'entity.too.deep' || type === 'entity.nul') {
      res.status(400).json(errorBody(400, (error as Error).message));
    } else if (type === 'entity.too.large') {
      res.status(413).json(errorBody(413, `Request body is larger than the ${limit} limit`));
    } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      res.status(415).json(errorBody(415, (error as Error).message));
    } else {
      next(error);
    }
  };
}
