import { CanActivate, ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ipKeyGenerator, rateLimit, RateLimitRequestHandler } from 'express-rate-limit';
import type { Logger } from 'pino';
import { isCaller } from '@fooddelivery/platform';

export const LOGIN_RATE_LIMIT = Symbol('LOGIN_RATE_LIMIT');
export const CALLER_RATE_LIMIT = Symbol('CALLER_RATE_LIMIT');
export const SIGNUP_RATE_LIMIT = Symbol('SIGNUP_RATE_LIMIT');

export interface RateLimitOptions {
  /** Requests counted per key and window. */
  limit: number;
  /** The window's length; one minute when left out. */
  windowSeconds?: number;
  /** Who is counted: the client address, or the caller (token `sub`, else the address). */
  countBy: 'client' | 'caller';
  /** Count only failed requests (status ≥ 400): a brute-force limit that never locks out a good login. */
  failuresOnly: boolean;
  message: string;
  logger: Logger;
}

/**
 * A fixed window per key, one minute unless told otherwise (express-rate-limit, in memory: each
 * gateway replica counts its own). Sets `RateLimit` / `RateLimit-Policy` on every answer and `Retry-After` on the 429.
 */
export class RequestRateLimit {
  private readonly limiter: RateLimitRequestHandler;

  constructor(options: RateLimitOptions) {
    this.limiter = rateLimit({
      windowMs: (options.windowSeconds ?? 60) * 1000,
      limit: options.limit,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      skipSuccessfulRequests: options.failuresOnly,
      keyGenerator: options.countBy === 'caller' ? callerKey : clientKey,
      handler: (_request, _response, next) => next(new HttpException(options.message, HttpStatus.TOO_MANY_REQUESTS)),
      logger: {
        warn: (...args: unknown[]) => options.logger.warn({ details: args }, 'rate limiter warning'),
        error: (...args: unknown[]) => options.logger.error({ details: args }, 'rate limiter error'),
      },
    });
  }

  /** Resolves when the request is within the limit; rejects with a 429 HttpException when not. */
  admit(request: Request, response: Response): Promise<void> {
    return new Promise((resolve, reject) => {
      void this.limiter(request, response, (error?: unknown) => {
        if (error === undefined) resolve();
        else reject(error instanceof Error ? error : new Error('rate limiter failed', { cause: error }));
      });
    });
  }
}

function clientKey(request: Request): string {
  return `client:${ipKeyGenerator(request.ip ?? request.socket.remoteAddress ?? 'unknown')}`;
}

function callerKey(request: Request): string {
  const caller = (request as Request & { user?: unknown }).user;
  return isCaller(caller) ? `caller:${caller.role}:${caller.sub}` : clientKey(request);
}

abstract class RateLimitGuard implements CanActivate {
  constructor(private readonly limit: RequestRateLimit) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    await this.limit.admit(http.getRequest<Request>(), http.getResponse<Response>());
    return true;
  }
}

/** POST /auth/token: failed logins per client address (LOGIN_RATE_LIMIT_PER_MINUTE). */
@Injectable()
export class LoginRateLimitGuard extends RateLimitGuard {
  constructor(@Inject(LOGIN_RATE_LIMIT) limit: RequestRateLimit) {
    super(limit);
  }
}

/** POST /auth/signup: every sign-up per client address (SIGNUP_RATE_LIMIT_PER_HOUR), whatever its outcome. */
@Injectable()
export class SignupRateLimitGuard extends RateLimitGuard {
  constructor(@Inject(SIGNUP_RATE_LIMIT) limit: RequestRateLimit) {
    super(limit);
  }
}

/** Proxied routes: requests per caller (RATE_LIMIT_PER_MINUTE); runs after the JWT guard. */
@Injectable()
export class CallerRateLimitGuard extends RateLimitGuard {
  constructor(@Inject(CALLER_RATE_LIMIT) limit: RequestRateLimit) {
    super(limit);
  }
}
