import type { Notification } from '../../domain/notification';

export const NOTIFIER = Symbol('Notifier');

/**
 * Delivers one message to a customer (a log line, a webhook, KakaoTalk). Resolves once the channel
 * accepted it; throws (any error) when it did not — the dispatcher retries later.
 */
export interface Notifier {
  readonly channel: string;
  send(notification: Notification): Promise<void>;
}
