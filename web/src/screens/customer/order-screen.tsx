import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { followOrderStatus, type StreamState } from '../../api/order-status-stream';
import type { Order, OrderStatusView } from '../../api/types';
import { useApp } from '../../components/app-context';
import { Notice } from '../../components/notice';
import { Screen } from '../../components/screen';
import { StatusBadge } from '../../components/status-badge';
import { shortId, statusLabel, timeOf, won } from '../../format';

/** app lets the customer cancel until delivery starts (409 after). */
const CANCELLABLE = ['PLACED', 'ACCEPTED', 'COOKING', 'COOKED'];

const STREAM_TEXT: Record<StreamState, string> = {
  connecting: 'Connecting…',
  live: 'Live: changes appear as they happen.',
  waiting: 'Waiting for the order to reach the status service…',
  reconnecting: 'Connection lost: reconnecting…',
  ended: 'This order has ended.',
};

/**
 * One order: what app priced (GET /orders/:id, or the placement's answer) and its live status and
 * timeline from customer's view over server-sent events; cancel while app allows it.
 */
export function OrderScreen({
  orderId,
  placedOrder,
  placedMessage,
}: {
  orderId: string;
  placedOrder?: Order;
  placedMessage?: string;
}) {
  const { api, token, endSession } = useApp();
  const [order, setOrder] = useState<Order | undefined>(placedOrder?.orderId === orderId ? placedOrder : undefined);
  const [orderError, setOrderError] = useState<string>();
  const [view, setView] = useState<OrderStatusView>();
  const [stream, setStream] = useState<StreamState>('connecting');
  const [reason, setReason] = useState('');
  const [cancelling, setCancelling] = useState(false);
  const [cancelMessage, setCancelMessage] = useState<{ kind: 'error' | 'success'; text: string }>();

  useEffect(() => {
    let live = true;
    api.order(orderId).then(
      (answer) => live && setOrder(answer),
      (caught: unknown) =>
        live && setOrderError(caught instanceof ApiError ? caught.message : 'The order could not be loaded.'),
    );
    return () => {
      live = false;
    };
  }, [api, orderId]);

  useEffect(
    () =>
      followOrderStatus(orderId, token, {
        view: (next) => setView((current) => (current && current.revision > next.revision ? current : next)),
        state: setStream,
        unauthorized: endSession,
      }),
    [orderId, token, endSession],
  );

  const status = view?.status ?? order?.status ?? null;
  const canCancel = status !== null && CANCELLABLE.includes(status) && order?.status !== 'CANCELLED';

  const cancel = async (event: FormEvent) => {
    event.preventDefault();
    if (cancelling) return;
    setCancelling(true);
    setCancelMessage(undefined);
    try {
      const answer = await api.cancelOrder(orderId, reason.trim() ? { reason: reason.trim() } : {});
      setOrder(answer);
      setCancelMessage({ kind: 'success', text: 'Your order was cancelled. The payment is being refunded.' });
    } catch (caught) {
      const text = caught instanceof ApiError ? caught.message : 'The order could not be cancelled.';
      setCancelMessage({
        kind: 'error',
        text: caught instanceof ApiError && caught.status === 409 ? `It can no longer be cancelled: ${text}` : text,
      });
    } finally {
      setCancelling(false);
    }
  };

  return (
    <Screen title={`Order ${shortId(orderId)}`}>
      <p>
        <a href="#/orders">← My orders</a>
      </p>
      {placedMessage ? <Notice kind="success">{placedMessage}</Notice> : null}
      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">Status</h2>
        <div role="status" aria-live="polite" aria-atomic="true" className="live-status" data-testid="order-status">
          <span aria-hidden="true">
            <StatusBadge status={status} />
          </span>{' '}
          <span className="visually-hidden">Order status: {statusLabel(status)}</span>
          {view?.statusReason ? <span className="muted"> — {view.statusReason}</span> : null}
        </div>
        <p className="hint">{STREAM_TEXT[stream]}</p>
        {view?.rider ? <p>Rider: {view.rider}</p> : null}
        {view && view.timeline.length > 0 ? (
          <ol className="timeline" aria-label="Timeline">
            {view.timeline.map((entry, index) => (
              <li key={`${entry.eventType}-${entry.at}-${index}`}>
                <time dateTime={entry.at}>{timeOf(entry.at)}</time> <span>{statusLabel(entry.status)}</span>
              </li>
            ))}
          </ol>
        ) : null}
        {view && view.coupons.length > 0 ? (
          <p className="notice notice-success">
            {view.coupons.map((coupon) => `Coupon earned: ${won(coupon.discount)} off (${coupon.reason})`).join(' · ')}{' '}
            — see <a href="#/coupons">your coupons</a>.
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading">What you ordered</h2>
        <Notice kind="error">{orderError}</Notice>
        {order ? (
          <>
            <ul className="plain-list">
              {order.items.map((line) => (
                <li key={line.menuId} className="cart-line">
                  <span>
                    {line.quantity} × {line.name}
                  </span>
                  <span>{won(line.unitPrice * line.quantity)}</span>
                </li>
              ))}
            </ul>
            <p className="cart-total">
              <span>Total charged</span> <strong data-testid="order-total">{won(order.totalAmount)}</strong>
            </p>
            {view?.refundedAmount ? <p>Refunded: {won(view.refundedAmount)}</p> : null}
          </>
        ) : !orderError ? (
          <p aria-busy="true">Loading…</p>
        ) : null}
      </section>

      {canCancel || cancelMessage ? (
        <section className="card" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">Cancel</h2>
          <Notice kind={cancelMessage?.kind ?? 'info'}>{cancelMessage?.text}</Notice>
          {canCancel ? (
            <form className="form" onSubmit={(event) => void cancel(event)}>
              <div className="field">
                <label htmlFor="cancel-reason">Reason (optional)</label>
                <input
                  id="cancel-reason"
                  maxLength={500}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                />
              </div>
              <button type="submit" className="danger" disabled={cancelling}>
                {cancelling ? 'Cancelling…' : 'Cancel order'}
              </button>
            </form>
          ) : null}
        </section>
      ) : null}
    </Screen>
  );
}
