import { ServerSentEventParser } from './sse-parser';
import type { FollowedStatus, OrderStatusView } from './types';

/** The stream ends after these (customer's README): no reconnecting then. */
export const FINAL_STATUSES: readonly FollowedStatus[] = ['DELIVERED', 'CANCELLED', 'REJECTED'];

export type StreamState =
  /** opening the stream */
  | 'connecting'
  /** open: changes arrive as they happen */
  | 'live'
  /** 404: the view does not know the order yet (it appears a moment after POST /orders); asking again */
  | 'waiting'
  /** the connection broke: reconnecting with Last-Event-ID after the server's retry time */
  | 'reconnecting'
  /** the order has ended and so has the stream */
  | 'ended';

export interface OrderStatusHandlers {
  view: (view: OrderStatusView) => void;
  state: (state: StreamState) => void;
  /** 401: the session is over. */
  unauthorized: (message: string) => void;
}

const DEFAULT_RETRY_MS = 3000;
const NOT_YET_RETRY_MS = 1000;

/**
 * Follows one order live over `GET /order-status/:orderId/stream` (server-sent events). The
 * platform authenticates the stream with the Bearer header only, which EventSource cannot send, so
 * the stream is read with fetch and a reader, and EventSource's behaviour is kept: reconnect after
 * `retry` with `Last-Event-ID`, stop for good on 204 or after a final status. Returns a stop function.
 */
export function followOrderStatus(
  orderId: string,
  token: () => string | undefined,
  handlers: OrderStatusHandlers,
): () => void {
  const abort = new AbortController();
  void run(orderId, token, handlers, abort.signal);
  return () => abort.abort();
}

async function run(
  orderId: string,
  token: () => string | undefined,
  handlers: OrderStatusHandlers,
  signal: AbortSignal,
): Promise<void> {
  let lastEventId: string | undefined;
  let retryMs = DEFAULT_RETRY_MS;
  let ended = false;
  handlers.state('connecting');
  while (!signal.aborted && !ended) {
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    const bearer = token();
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
    let response: Response;
    try {
      response = await fetch(`/order-status/${encodeURIComponent(orderId)}/stream`, {
        headers,
        signal,
        cache: 'no-store',
      });
    } catch {
      if (signal.aborted) return;
      handlers.state('reconnecting');
      await pause(retryMs, signal);
      continue;
    }
    if (response.status === 401) {
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      handlers.unauthorized(body.message ?? 'Your session has ended');
      return;
    }
    if (response.status === 204) {
      handlers.state('ended');
      return;
    }
    if (response.status === 404) {
      handlers.state('waiting');
      await pause(NOT_YET_RETRY_MS, signal);
      continue;
    }
    if (!response.ok || !response.body) {
      handlers.state('reconnecting');
      await pause(retryMs, signal);
      continue;
    }
    handlers.state('live');
    const parser = new ServerSentEventParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const event of parser.push(value)) {
          if (event.event !== 'message' || event.data === '') continue;
          const view = JSON.parse(event.data) as OrderStatusView;
          handlers.view(view);
          if (view.status !== null && FINAL_STATUSES.includes(view.status)) ended = true;
        }
        lastEventId = parser.lastEventId ?? lastEventId;
        retryMs = parser.retryMs ?? retryMs;
        if (ended) {
          await reader.cancel();
          break;
        }
      }
    } catch {
      // the connection broke (or stop() aborted it): reconnect below unless stopped
    } finally {
      reader.releaseLock();
    }
    if (signal.aborted) return;
    if (ended) {
      handlers.state('ended');
      return;
    }
    handlers.state('reconnecting');
    await pause(retryMs, signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
