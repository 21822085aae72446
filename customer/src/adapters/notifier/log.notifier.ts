import type { Logger } from 'pino';
import type { Notification } from '../../domain/notification';
import type { Notifier } from '../../application/ports/notifier.port';

/** NOTIFIER=log: each notification is one structured log line (the default; nothing leaves the process). */
export class LogNotifier implements Notifier {
  readonly channel = 'log';

  constructor(private readonly logger: Logger) {}

  async send(notification: Notification): Promise<void> {
    this.logger.info(
      {
        component: 'notifier',
        channel: this.channel,
        notificationId: notification.notificationId,
        orderId: notification.orderId,
        customerId: notification.customerId,
        status: notification.status,
      },
      `notification to ${notification.customerId}: ${notification.message}`,
    );
  }
}
