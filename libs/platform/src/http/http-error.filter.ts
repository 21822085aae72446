import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { LOGGER, PLATFORM_OPTIONS, PlatformOptions } from '../platform.options';
import type { Logger } from 'pino';
import { DEPENDENCY_RETRY_AFTER_SECONDS, isDependencyOutage } from './dependency-outage';

/** The one body every error answers with. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/**
 * An error of the domain: a stable `code` such as 'ORDER.NOT_CANCELLABLE' and a readable message;
 * optionally `retryAfterSeconds` (sent as Retry-After) and the `orderId` it concerns (added to the body).
 */
interface CodedError {
  code: string;
  message: string;
  retryAfterSeconds?: unknown;
  orderId?: unknown;
}

function isCodedError(value: unknown): value is CodedError {
  return (
    value instanceof Error &&
    typeof (value as Partial<CodedError>).code === 'string' &&
    /^[A-Z_]+\.[A-Z_]+$/.test((value as unknown as CodedError).code)
  );
}

/**
 * The single place errors become HTTP responses: Nest's HttpExceptions keep their status, domain
 * errors are mapped by their code, a database that cannot be reached is a 503 with Retry-After, anything
 * else is a 500 whose details go to the log, not the client.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    if (response.headersSent) {
      response.end();
      return;
    }
    if (exception instanceof HttpException && isHealthReport(exception.getResponse())) {
      // terminus' 503: the probe report itself is the useful body (which dependency is down, why)
      response.status(exception.getStatus()).json(exception.getResponse());
      return;
    }
    if (!(exception instanceof HttpException) && !isCodedError(exception) && isDependencyOutage(exception)) {
      // a database restarting or failing over: retry shortly, nothing is broken
      this.logger.warn({ err: exception, method: request.method, url: request.originalUrl }, 'a database is unavailable; answered 503');
      response.setHeader('Retry-After', String(DEPENDENCY_RETRY_AFTER_SECONDS));
      response.status(HttpStatus.SERVICE_UNAVAILABLE).json(errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'A database this request needs is unavailable right now; retry shortly.'));
      return;
    }
    const body = this.toBody(exception, request);
    if (isCodedError(exception)) {
      const { retryAfterSeconds, orderId } = exception;
      if (typeof retryAfterSeconds === 'number' && retryAfterSeconds > 0) response.setHeader('Retry-After', String(Math.ceil(retryAfterSeconds)));
      if (typeof orderId === 'string') {
        response.status(body.statusCode).json({ ...body, orderId });
        return;
      }
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return errorBody(status, messageOf(exception.getResponse(), exception.message));
    }
    if (isCodedError(exception)) {
      const status = this.options.errorStatus?.[exception.code] ?? HttpStatus.UNPROCESSABLE_ENTITY;
      return errorBody(status, exception.message);
    }
    this.logger.error({ err: exception, method: request.method, url: request.originalUrl }, 'unhandled error');
    return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'Something went wrong on our side; please try again.');
  }
}

function isHealthReport(response: string | object): boolean {
  return typeof response === 'object' && 'details' in response && (response as { status?: unknown }).status === 'error';
}

function messageOf(response: string | object, fallback: string): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  if (typeof message === 'string') return message;
  return fallback;
}
