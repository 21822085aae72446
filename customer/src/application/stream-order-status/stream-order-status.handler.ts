import { Inject, Injectable } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { Logger } from 'pino';
import type { Caller } from '@fooddelivery/platform';
import { LOGGER } from '@fooddelivery/platform';
import { OrderStatusView, isTerminal } from '../../domain/order-status-view';
import { OrderStatusStreamEnded } from '../../domain/customer-center.errors';
import { ORDER_STATUS_REPOSITORY, OrderStatusRepository } from '../ports/order-status.repository';
import { ORDER_STATUS_CHANGES, OrderStatusChanges } from '../ports/order-status-changes.port';
import { QueryOrderStatusHandler } from '../query-order-status/query-order-status.handler';

export const STREAM_SETTINGS = Symbol('STREAM_SETTINGS');

export interface StreamSettings {
  /** How often the stream re-reads the view, so it also sees changes another replica applied. */
  pollIntervalMs: number;
  /** How often a heartbeat goes out while nothing changes (keeps proxies from closing the connection). */
  heartbeatIntervalMs: number;
}

export type StatusStreamItem = { kind: 'view'; view: OrderStatusView } | { kind: 'heartbeat' };

/**
 * Follows one order live: the current view first, then every newer revision — from the in-process
 * change feed at once, and from re-reading the view every poll interval (the fallback that lets any
 * replica serve any order) — plus heartbeats. Completes after the order's terminal status.
 */
@Injectable()
export class StreamOrderStatusHandler {
  constructor(
    private readonly queries: QueryOrderStatusHandler,
    @Inject(ORDER_STATUS_REPOSITORY) private readonly views: OrderStatusRepository,
    @Inject(ORDER_STATUS_CHANGES) private readonly changes: OrderStatusChanges,
    @Inject(STREAM_SETTINGS) private readonly settings: StreamSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Same access rule as reading the view. `lastRevision` is what a reconnecting client last received
   * (SSE Last-Event-ID): if the order has ended and the client has its final revision, there is
   * nothing left to stream (OrderStatusStreamEnded).
   */
  async open(caller: Caller, orderId: string, lastRevision?: number): Promise<Observable<StatusStreamItem>> {
    const initial = await this.queries.getView(caller, orderId);
    if (isTerminal(initial.status) && lastRevision !== undefined && lastRevision >= initial.revision) {
      throw new OrderStatusStreamEnded(orderId);
    }
    const log = this.logger.child({ orderId, component: 'status-stream' });
    return new Observable<StatusStreamItem>((subscriber) => {
      let latest = initial.revision;
      subscriber.next({ kind: 'view', view: initial });
      if (isTerminal(initial.status)) {
        subscriber.complete();
        return undefined;
      }

      const offer = (view: OrderStatusView) => {
        if (subscriber.closed || view.revision <= latest) return;
        latest = view.revision;
        subscriber.next({ kind: 'view', view });
        if (isTerminal(view.status)) subscriber.complete();
      };
      const feed = this.changes.changesOf(orderId).subscribe(offer);

      let reading = false;
      const reread = () => {
        if (reading || subscriber.closed) return;
        reading = true;
        this.views
          .findById(orderId)
          .then((view) => view && offer(view))
          .catch((error: unknown) => log.warn({ err: error }, 're-reading the view failed; the next poll tries again'))
          .finally(() => (reading = false));
      };
      // once now: a change applied between the first read and the subscription is not lost
      reread();
      const poll = setInterval(reread, this.settings.pollIntervalMs);
      const heartbeat = setInterval(() => subscriber.next({ kind: 'heartbeat' }), this.settings.heartbeatIntervalMs);
      return () => {
        feed.unsubscribe();
        clearInterval(poll);
        clearInterval(heartbeat);
      };
    });
  }
}
