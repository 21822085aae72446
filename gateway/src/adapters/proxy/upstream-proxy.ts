import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Agent, ClientRequest, IncomingMessage } from 'node:http';
import { createProxyMiddleware, RequestHandler } from 'http-proxy-middleware';
import type { Logger } from 'pino';
import { LOGGER, UpstreamInstances, errorBody } from '@fooddelivery/platform';
import { Route, RouteTable } from '../../domain/route-table';
import { stripIdentityHeaders, stripUntrustedForwarding } from '../http/forwarded-headers';
import { UpstreamMetrics } from './upstream.metrics';

export const ROUTE_TABLE = Symbol('ROUTE_TABLE');
export const UPSTREAM_SETTINGS = Symbol('UPSTREAM_SETTINGS');

export interface UpstreamSettings {
  /** Time for the upstream to start answering (status and headers); a stream may then run for as long as it likes. */
  timeoutMs: number;
  /** True when a trusted reverse proxy sits in front (TRUST_PROXY > 0): its x-forwarded-* are kept. */
  trustProxy: boolean;
  /** BODY_LIMIT in bytes: a larger request body is refused with 413 instead of being forwarded. */
  bodyLimitBytes: number;
  /** BODY_LIMIT as configured, for the message. */
  bodyLimitText: string;
  /** UPSTREAM_CHECK_INTERVAL_MS: how often each instance of an upstream with several is asked for its readiness. */
  checkIntervalMs: number;
}

/** Open connections per upstream; beyond that, requests queue in the agent (never a new connection per request). */
const MAX_SOCKETS_PER_UPSTREAM = 256;

/** Seconds a client is told to wait after an upstream failure. */
const RETRY_AFTER_SECONDS = 5;
/** Errors meaning nobody is there to answer: the service is down, starting or unreachable. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);
/** Methods that are safe to send again when they carry no body (no side effect, or the same one twice). */
const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/** One proxied request, from the gateway's side. */
interface Exchange {
  route: Route;
  /** The instances of the route's upstream. */
  pool: UpstreamInstances;
  /** The instance this attempt went to. */
  instance: string;
  /** The request may be sent a second time, to another instance (no body, a repeatable method). */
  repeatable: boolean;
  retried: boolean;
  /** x-forwarded-* as they were before the first attempt (http-proxy's xfwd appends to them on every attempt). */
  forwarded: Record<string, string | string[] | undefined>;
  request: Request;
  response: Response;
  proxyRequest?: ClientRequest;
  timer?: NodeJS.Timeout;
  /** The upstream's status and headers arrived. */
  upstreamAnswered: boolean;
  /** The gateway answered itself (timeout, failure): whatever the upstream does later is discarded. */
  gatewayAnswered: boolean;
}

/**
 * Forwards a request to the upstream of its route with http-proxy-middleware: method, path, query and
 * headers as they came (minus identity headers; Authorization and x-request-id included), the body
 * streamed as it came (never parsed here: the upstream validates it; one larger than BODY_LIMIT → 413),
 * and the answer streamed back unchanged (status, headers such as Retry-After, server-sent events as
 * they come), over kept-alive connections. An upstream that is down → 503, that breaks off → 502,
 * that does not start answering within PROXY_TIMEOUT_MS → 504; all JSON.
 *
 * An upstream with several instances (APP_URL=a,b or a GATEWAY_ROUTES target array) is balanced
 * round robin over its ready instances (UpstreamInstances: readiness checked every
 * UPSTREAM_CHECK_INTERVAL_MS; one that refuses a connection is skipped at once). A request that
 * could not be delivered — the connection refused, or a reused kept-alive connection reset before
 * any answer — is sent once more to another instance when it has no body and a repeatable method
 * (GET, HEAD, DELETE, OPTIONS); any other is answered 503/502 as with a single instance.
 */
@Injectable()
export class UpstreamProxy implements OnModuleInit, OnModuleDestroy {
  /** One http-proxy-middleware handler per instance (base URL). */
  private readonly handlers = new Map<string, RequestHandler<Request, Response>>();
  /** The instances of each route's upstream, by prefix; routes to the same instances share one pool. */
  private readonly pools = new Map<string, UpstreamInstances>();
  private readonly exchanges = new WeakMap<IncomingMessage, Exchange>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_UPSTREAM, scheduling: 'lifo' });

  constructor(
    @Inject(ROUTE_TABLE) table: RouteTable,
    @Inject(UPSTREAM_SETTINGS) private readonly settings: UpstreamSettings,
    private readonly metrics: UpstreamMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const shared = new Map<string, UpstreamInstances>();
    for (const route of table.entries()) {
      const key = `${route.upstream} ${route.targets.join(',')}`;
      let pool = shared.get(key);
      if (!pool) {
        pool = new UpstreamInstances({ name: route.upstream, urls: route.targets, checkIntervalMs: settings.checkIntervalMs, logger });
        shared.set(key, pool);
        this.metrics.watch(pool);
      }
      this.pools.set(route.prefix, pool);
      for (const url of pool.urls) if (!this.handlers.has(url)) this.handlers.set(url, this.createHandler(url));
    }
  }

  onModuleInit(): void {
    // only upstreams with several instances are checked; the gateway's own readiness never depends on them
    for (const pool of new Set(this.pools.values())) pool.start();
  }

  forward(route: Route, request: Request, response: Response): void {
    const pool = this.pools.get(route.prefix);
    if (!pool) throw new Error(`no proxy for route ${route.prefix}`);
    stripIdentityHeaders(request.headers);
    if (!this.settings.trustProxy) stripUntrustedForwarding(request.headers);
    const exchange: Exchange = {
      route,
      pool,
      instance: pool.pick(),
      repeatable: isRepeatable(request),
      retried: false,
      forwarded: forwardedHeadersOf(request),
      request,
      response,
      upstreamAnswered: false,
      gatewayAnswered: false,
    };
    if (this.tooLarge(request, exchange)) return;
    this.exchanges.set(request, exchange);
    exchange.timer = setTimeout(() => this.timedOut(exchange), this.settings.timeoutMs);
    response.once('close', () => {
      clearTimeout(exchange.timer);
      // the client went away (or the gateway gave up): stop the upstream request or stream too
      if (!response.writableFinished) exchange.proxyRequest?.destroy();
    });
    this.send(exchange);
  }

  onModuleDestroy(): void {
    for (const pool of new Set(this.pools.values())) pool.stop();
    this.agent.destroy();
  }

  /** Sends the request to the exchange's current instance. */
  private send(exchange: Exchange): void {
    const handler = this.handlers.get(exchange.instance);
    if (!handler) throw new Error(`no proxy for instance ${exchange.instance}`);
    void handler(exchange.request, exchange.response, (error: unknown) => this.failed(exchange, error));
  }

  /**
   * A declared Content-Length over the limit is refused at once; a chunked body is counted as it
   * streams through and cut off (413) when it passes the limit.
   */
  private tooLarge(request: Request, exchange: Exchange): boolean {
    const limit = this.settings.bodyLimitBytes;
    const declared = request.headers['content-length'];
    if (declared !== undefined) {
      if (Number(declared) <= limit) return false;
      this.refuseTooLarge(request, exchange);
      return true;
    }
    if (request.headers['transfer-encoding'] === undefined) return false;
    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) return;
      request.off('data', count);
      exchange.proxyRequest?.destroy();
      this.refuseTooLarge(request, exchange);
    };
    request.on('data', count);
    return false;
  }

  private refuseTooLarge(request: Request, exchange: Exchange): void {
    clearTimeout(exchange.timer);
    exchange.gatewayAnswered = true;
    this.metrics.count(exchange.route.upstream, 'too_large');
    if (exchange.response.headersSent) exchange.response.destroy();
    else exchange.response.status(413).json(errorBody(413, `Request body is larger than the ${this.settings.bodyLimitText} limit`));
    // the rest of the body is read and dropped (as the platform's body parser does), so the client
    // gets its answer instead of a reset connection
    request.unpipe();
    request.resume();
  }

  private createHandler(target: string): RequestHandler<Request, Response> {
    return createProxyMiddleware<Request, Response>({
      target,
      agent: this.agent,
      changeOrigin: true,
      xfwd: true,
      on: {
        proxyReq: (proxyRequest, request) => this.started(proxyRequest, request),
        proxyRes: (proxyResponse, request) => this.answered(proxyResponse, request),
        error: (error, request) => {
          const exchange = this.exchanges.get(request);
          if (exchange) this.failed(exchange, error);
        },
      },
    });
  }

  private started(proxyRequest: ClientRequest, request: Request): void {
    const exchange = this.exchanges.get(request);
    if (exchange?.gatewayAnswered) {
      proxyRequest.destroy();
      return;
    }
    if (exchange) exchange.proxyRequest = proxyRequest;
  }

  private answered(proxyResponse: IncomingMessage, request: Request): void {
    const exchange = this.exchanges.get(request);
    if (!exchange) return;
    clearTimeout(exchange.timer);
    if (exchange.gatewayAnswered) {
      proxyResponse.destroy();
      return;
    }
    exchange.upstreamAnswered = true;
    this.metrics.count(exchange.route.upstream, String(proxyResponse.statusCode ?? 0));
  }

  private timedOut(exchange: Exchange): void {
    if (exchange.upstreamAnswered || exchange.gatewayAnswered) return;
    const { upstream } = exchange.route;
    this.logger.warn({ upstream, timeoutMs: this.settings.timeoutMs }, 'upstream did not answer in time');
    this.answer(exchange, 504, 'timeout', `The ${upstream} service did not answer within ${this.settings.timeoutMs} ms; please retry shortly`);
    exchange.proxyRequest?.destroy();
  }

  private failed(exchange: Exchange, error: unknown): void {
    if (exchange.gatewayAnswered) {
      clearTimeout(exchange.timer);
      return;
    }
    if (exchange.upstreamAnswered || exchange.response.headersSent) {
      clearTimeout(exchange.timer);
      // the answer is under way (a stream broke off): all that can be done is to cut it too
      exchange.gatewayAnswered = true;
      exchange.response.destroy();
      return;
    }
    const { upstream } = exchange.route;
    const code = (error as { code?: unknown } | undefined)?.code;
    // refused or unreachable: the request never left, the instance is not there
    const unreachable = typeof code === 'string' && UNREACHABLE.has(code);
    if (unreachable) exchange.pool.markUnready(exchange.instance);
    if (this.retried(exchange, unreachable || (code === 'ECONNRESET' && exchange.proxyRequest?.reusedSocket === true), code)) return;
    clearTimeout(exchange.timer);
    this.logger.warn({ upstream, instance: exchange.instance, code, err: error }, 'upstream request failed');
    if (unreachable) {
      this.answer(exchange, 503, 'unavailable', `The ${upstream} service is unavailable; please retry shortly`);
    } else {
      this.answer(exchange, 502, 'failed', `The ${upstream} service did not answer properly; please retry shortly`);
    }
  }

  /**
   * Sends the request once more, to another instance, when it could not have been delivered (refused;
   * a reused connection reset before any answer) and sending it again is harmless (see isRepeatable).
   */
  private retried(exchange: Exchange, undelivered: boolean, code: unknown): boolean {
    if (!undelivered || !exchange.repeatable || exchange.retried) return false;
    const other = exchange.pool.pickOther(exchange.instance);
    if (!other) return false;
    this.logger.info({ upstream: exchange.route.upstream, instance: exchange.instance, code, retryOn: other }, 'upstream instance did not take the request; retrying on another');
    exchange.retried = true;
    exchange.instance = other;
    exchange.proxyRequest = undefined;
    const { headers } = exchange.request;
    for (const name of Object.keys(headers)) if (name.startsWith('x-forwarded-')) delete headers[name];
    Object.assign(headers, exchange.forwarded);
    this.send(exchange);
    return true;
  }

  private answer(exchange: Exchange, status: number, outcome: string, message: string): void {
    exchange.gatewayAnswered = true;
    this.metrics.count(exchange.route.upstream, outcome);
    const { response } = exchange;
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (status !== 504) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(status).json(errorBody(status, message));
  }
}

/** A request without a body (no Content-Length beyond 0, not chunked) and of a method that may be repeated. */
function isRepeatable(request: Request): boolean {
  const length = request.headers['content-length'];
  const bodyless = (length === undefined || Number(length) === 0) && request.headers['transfer-encoding'] === undefined;
  return bodyless && REPEATABLE_METHODS.has(request.method);
}

function forwardedHeadersOf(request: Request): Record<string, string | string[] | undefined> {
  return Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.startsWith('x-forwarded-')));
}
