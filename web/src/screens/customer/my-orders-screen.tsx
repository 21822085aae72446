import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { OrderStatusView } from '../../api/types';
import { useApp } from '../../components/app-context';
import { Notice } from '../../components/notice';
import { Screen } from '../../components/screen';
import { StatusBadge } from '../../components/status-badge';
import { dateTimeOf, shortId, won } from '../../format';
import { usePolling } from '../../hooks';

/** GET /my-orders: the caller's orders as customer's view has them, newest first (refreshed every 5 s). */
export function MyOrdersScreen() {
  const { api } = useApp();
  const [orders, setOrders] = useState<OrderStatusView[]>();
  const [error, setError] = useState<string>();

  usePolling(
    async (state) => {
      try {
        const answer = await api.myOrders();
        if (!state.stopped) {
          setOrders(answer);
          setError(undefined);
        }
      } catch (caught) {
        if (!state.stopped) setError(caught instanceof ApiError ? caught.message : 'Your orders could not be loaded.');
      }
    },
    5000,
    [api],
  );

  return (
    <Screen title="My orders">
      <Notice kind="error">{error}</Notice>
      {orders === undefined && !error ? <p aria-busy="true">Loading your orders…</p> : null}
      {orders && orders.length === 0 ? (
        <p>
          No orders yet. <a href="#/stores">Pick a store</a>.
        </p>
      ) : null}
      {orders && orders.length > 0 ? (
        <ul className="cards" aria-label="Orders">
          {orders.map((order) => (
            <li key={order.orderId} className="card">
              <a className="order-link" href={`#/orders/${encodeURIComponent(order.orderId)}`}>
                <span className="order-id">Order {shortId(order.orderId)}</span>
                <StatusBadge status={order.status} />
              </a>
              <p className="muted">
                {order.items.map((line) => `${line.quantity} × ${line.name}`).join(', ')}
                {order.totalAmount !== null ? ` · ${won(order.totalAmount)}` : ''} · {dateTimeOf(order.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </Screen>
  );
}
