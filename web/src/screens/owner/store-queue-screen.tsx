import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import type { StoreOrder, StoreOrderStatus, StoreStep } from '../../api/types';
import { useApp } from '../../components/app-context';
import { Notice } from '../../components/notice';
import { Screen } from '../../components/screen';
import { StatusBadge } from '../../components/status-badge';
import { shortId, statusLabel, timeOf, won } from '../../format';
import { usePolling } from '../../hooks';

/** store offers no stream of its queue: it is asked again every 2 s. */
const POLL_MS = 2000;
const OPEN: readonly StoreOrderStatus[] = ['RECEIVED', 'ACCEPTED', 'COOKING', 'COOKED', 'DELIVERING'];
const STATUSES: readonly StoreOrderStatus[] = [...OPEN, 'DELIVERED', 'REJECTED', 'CANCELLED'];
type Filter = 'open' | 'all' | StoreOrderStatus;

const STEP_LABELS: Record<StoreStep, string> = {
  accept: 'Accept',
  reject: 'Reject…',
  'start-cooking': 'Start cooking',
  'finish-cooking': 'Finish cooking',
  'start-delivery': 'Start delivery',
  'complete-delivery': 'Complete delivery',
};

/**
 * The store's queue (GET /store-orders, an owner's own store; an admin's: every store), polled so
 * new paid orders appear without a reload, with exactly the steps store allows next as buttons.
 */
export function StoreQueueScreen() {
  const { api, caller } = useApp();
  const [filter, setFilter] = useState<Filter>('open');
  const [orders, setOrders] = useState<StoreOrder[]>();
  const [error, setError] = useState<string>();
  const [updatedAt, setUpdatedAt] = useState<string>();
  const [announcement, setAnnouncement] = useState<string>();
  const seen = useRef<Set<string> | undefined>(undefined);

  const refresh = async (state: { stopped: boolean } = { stopped: false }) => {
    try {
      const answer = await api.storeOrders(filter === 'open' || filter === 'all' ? undefined : filter);
      if (state.stopped) return;
      const shown = filter === 'open' ? answer.filter((order) => OPEN.includes(order.status)) : answer;
      const arrived = seen.current
        ? answer.filter((order) => order.status === 'RECEIVED' && !seen.current?.has(order.orderId))
        : [];
      seen.current = new Set([...(seen.current ?? []), ...answer.map((order) => order.orderId)]);
      if (arrived.length > 0) {
        setAnnouncement(
          arrived.length === 1
            ? `New order ${shortId(arrived[0].orderId)} received`
            : `${arrived.length} new orders received`,
        );
      }
      setOrders(shown);
      setError(undefined);
      setUpdatedAt(new Date().toISOString());
    } catch (caught) {
      if (!state.stopped) setError(caught instanceof ApiError ? caught.message : 'The queue could not be loaded.');
    }
  };

  usePolling(refresh, POLL_MS, [api, filter]);

  const stepped = (order: StoreOrder, step: StoreStep) => {
    setOrders((current) => current?.map((candidate) => (candidate.orderId === order.orderId ? order : candidate)));
    setAnnouncement(
      `Order ${shortId(order.orderId)}: ${step.replace('-', ' ')} done, now ${statusLabel(order.status)}`,
    );
    void refresh();
  };

  return (
    <Screen title={caller.role === 'owner' ? `Store ${caller.storeId ?? ''} queue` : 'All stores’ orders'}>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor="queue-filter">Show</label>
          <select id="queue-filter" value={filter} onChange={(event) => setFilter(event.target.value as Filter)}>
            <option value="open">Open orders</option>
            <option value="all">All orders</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
        </div>
        <p className="hint" aria-live="off">
          {updatedAt ? `Updated ${timeOf(updatedAt)} · refreshes every 2 s` : 'Loading…'}
        </p>
      </div>
      <Notice kind="info">{announcement}</Notice>
      <Notice kind="error">{error}</Notice>
      {orders && orders.length === 0 ? <p>No orders here right now. New paid orders appear by themselves.</p> : null}
      {orders && orders.length > 0 ? (
        <ul className="cards" aria-label="Store orders">
          {orders.map((order) => (
            <StoreOrderCard key={order.orderId} order={order} stepped={stepped} />
          ))}
        </ul>
      ) : null}
    </Screen>
  );
}

function StoreOrderCard({
  order,
  stepped,
}: {
  order: StoreOrder;
  stepped: (order: StoreOrder, step: StoreStep) => void;
}) {
  const { api } = useApp();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [rider, setRider] = useState('');
  const id = order.orderId;

  const take = async (step: StoreStep) => {
    if (busy) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const body =
        step === 'reject'
          ? { reason: reason.trim() }
          : step === 'start-delivery' && rider.trim()
            ? { rider: rider.trim() }
            : undefined;
      const answer = await api.storeStep(id, step, body);
      setRejecting(false);
      stepped(answer, step);
    } catch (caught) {
      setProblem(caught instanceof ApiError ? caught.message : 'That step failed; try again.');
    } finally {
      setBusy(false);
    }
  };

  const reject = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setProblem('Give the customer a reason for rejecting the order.');
      return;
    }
    void take('reject');
  };

  return (
    <li className="card store-order" aria-labelledby={`order-${id}`}>
      <div className="order-head">
        <h2 id={`order-${id}`} className="order-id">
          Order {shortId(id)}
        </h2>
        <StatusBadge status={order.status} />
      </div>
      <p>{order.items.map((line) => `${line.quantity} × ${line.name}`).join(', ')}</p>
      <p className="muted">
        {won(order.amount)} · {order.customerId} · received {timeOf(order.createdAt)}
        {order.rider ? ` · rider ${order.rider}` : ''}
        {order.rejectionReason ? ` · rejected: ${order.rejectionReason}` : ''}
        {order.cancellationReason ? ` · cancelled: ${order.cancellationReason}` : ''}
      </p>
      <Notice kind="error">{problem}</Notice>
      {order.allowedNext.includes('start-delivery') ? (
        <div className="field inline">
          <label htmlFor={`rider-${id}`}>Rider (optional)</label>
          <input id={`rider-${id}`} maxLength={100} value={rider} onChange={(event) => setRider(event.target.value)} />
        </div>
      ) : null}
      {order.allowedNext.length > 0 ? (
        <div className="actions">
          {order.allowedNext.map((step) => (
            <button
              key={step}
              type="button"
              className={step === 'reject' ? 'danger' : 'primary'}
              disabled={busy}
              aria-expanded={step === 'reject' ? rejecting : undefined}
              aria-describedby={`order-${id}`}
              onClick={() => (step === 'reject' ? setRejecting(!rejecting) : void take(step))}
            >
              {STEP_LABELS[step]}
            </button>
          ))}
        </div>
      ) : null}
      {rejecting ? (
        <form className="form reject" onSubmit={reject}>
          <div className="field">
            <label htmlFor={`reason-${id}`}>Reason for rejecting (the customer is told)</label>
            <input
              id={`reason-${id}`}
              required
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" className="danger" disabled={busy}>
              Reject order
            </button>
            <button type="button" onClick={() => setRejecting(false)}>
              Keep it
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}
