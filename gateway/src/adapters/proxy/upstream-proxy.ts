import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Agent, ClientRequest, IncomingMessage } from 'node:http';
import { createProxyMiddleware, RequestHandler } from 'http-proxy-middleware';
import type { Logger } from 'pino';
import { LOGGER, errorBody } from '@fooddelivery/platform';
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
}

/** Open connections per upstream; beyond that, requests queue in the agent (never a new connection per request). */
const MAX_SOCKETS_PER_UPSTREAM = 256;

/** Seconds a client is told to wait after an upstream failure. */
const RETRY_AFTER_SECONDS = 5;
/** Errors meaning nobody is there to answer: the service is down, starting or unreachable. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

/** One proxied request, from the gateway's side. */
interface Exchange {
  route: Route;
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
 */
@Injectable()
export class UpstreamProxy implements OnModuleDestroy {
  private readonly handlers = new Map<string, RequestHandler<Request, Response>>();
  private readonly exchanges = new WeakMap<IncomingMessage, Exchange>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_UPSTREAM, scheduling: 'lifo' });

  constructor(
    @Inject(ROUTE_TABLE) table: RouteTable,
    @Inject(UPSTREAM_SETTINGS) private readonly settings: UpstreamSettings,
    private readonly metrics: UpstreamMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    for (const route of table.entries()) this.handlers.set(route.prefix, this.createHandler(route));
  }

  forward(route: Route, request: Request, response: Response): void {
    const handler = this.handlers.get(route.prefix);
    if (!handler) throw new Error(`no proxy for route ${route.prefix}`);
    stripIdentityHeaders(request.headers);
    if (!this.settings.trustProxy) stripUntrustedForwarding(request.headers);
    const exchange: Exchange = { route, response, upstreamAnswered: false, gatewayAnswered: false };
    if (this.tooLarge(request, exchange)) return;
    this.exchanges.set(request, exchange);
    exchange.timer = setTimeout(() => this.timedOut(exchange), this.settings.timeoutMs);
    response.once('close', () => {
      clearTimeout(exchange.timer);
      // the client went away (or the gateway gave up): stop the upstream request or stream too
      if (!response.writableFinished) exchange.proxyRequest?.destroy();
    });
    void handler(request, response, (error: unknown) => this.failed(exchange, error));
  }

  onModuleDestroy(): void {
    this.agent.destroy();
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

  private createHandler(route: Route): RequestHandler<Request, Response> {
    return createProxyMiddleware<Request, Response>({
      target: route.target,
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
    clearTimeout(exchange.timer);
    if (exchange.gatewayAnswered) return;
    if (exchange.upstreamAnswered || exchange.response.headersSent) {
      // the answer is under way (a stream broke off): all that can be done is to cut it too
      exchange.gatewayAnswered = true;
      exchange.response.destroy();
      return;
    }
    const { upstream } = exchange.route;
    const code = (error as { code?: unknown } | undefined)?.code;
    this.logger.warn({ upstream, code, err: error }, 'upstream request failed');
    if (typeof code === 'string' && UNREACHABLE.has(code)) {
      this.answer(exchange, 503, 'unavailable', `The ${upstream} service is unavailable; please retry shortly`);
    } else {
      this.answer(exchange, 502, 'failed', `The ${upstream} service did not answer properly; please retry shortly`);
    }
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
