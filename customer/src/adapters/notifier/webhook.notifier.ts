import type { Notification } from '../../domain/notification';
import type { Notifier } from '../../application/ports/notifier.port';

export interface WebhookSettings {
  url: string;
  timeoutMs: number;
}

/** The JSON body a webhook receives. */
export function webhookBody(notification: Notification) {
  return {
    notificationId: notification.notificationId,
    customerId: notification.customerId,
    orderId: notification.orderId,
    message: notification.message,
    status: notification.status,
  };
}

/** NOTIFIER=webhook: POST the notification as JSON; any answer but 2xx (or no answer in time) is a failure. */
export class WebhookNotifier implements Notifier {
  readonly channel = 'webhook';

  constructor(private readonly settings: WebhookSettings) {}

  async send(notification: Notification): Promise<void> {
    const response = await fetch(this.settings.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(webhookBody(notification)),
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new Error(`webhook answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  }
}
