import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { Notification } from '../../api/types';
import { useApp } from '../../components/app-context';
import { Notice } from '../../components/notice';
import { Screen } from '../../components/screen';
import { dateTimeOf, shortId } from '../../format';
import { usePolling } from '../../hooks';

/** GET /notifications: the messages sent at every step, newest first (refreshed every 5 s). */
export function NotificationsScreen() {
  const { api } = useApp();
  const [notifications, setNotifications] = useState<Notification[]>();
  const [error, setError] = useState<string>();

  usePolling(
    async (state) => {
      try {
        const answer = await api.notifications();
        if (!state.stopped) {
          setNotifications(answer);
          setError(undefined);
        }
      } catch (caught) {
        if (!state.stopped)
          setError(caught instanceof ApiError ? caught.message : 'The notifications could not be loaded.');
      }
    },
    5000,
    [api],
  );

  return (
    <Screen title="Notifications">
      <Notice kind="error">{error}</Notice>
      {notifications === undefined && !error ? <p aria-busy="true">Loading…</p> : null}
      {notifications && notifications.length === 0 ? <p>No messages yet.</p> : null}
      {notifications && notifications.length > 0 ? (
        <ul className="cards" aria-label="Notifications">
          {notifications.map((notification) => (
            <li key={notification.notificationId} className="card">
              <p className="message">{notification.message}</p>
              <p className="muted">
                <time dateTime={notification.occurredAt}>{dateTimeOf(notification.occurredAt)}</time>
                {notification.state === 'SENT' ? '' : ` · ${notification.state.toLowerCase()}`}
                {' · '}
                <a href={`#/orders/${encodeURIComponent(notification.orderId)}`}>
                  Order {shortId(notification.orderId)}
                </a>
              </p>
            </li>
          ))}
        </ul>
      ) : null}
    </Screen>
  );
}
