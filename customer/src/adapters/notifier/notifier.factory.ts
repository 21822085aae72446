import type { Logger } from 'pino';
import type { Notifier } from '../../application/ports/notifier.port';
import type { CustomerConfig } from '../../customer.config';
import { KakaoNotifier } from './kakao.notifier';
import { LogNotifier } from './log.notifier';
import { WebhookNotifier } from './webhook.notifier';

/** The notifier NOTIFIER selects (the configuration has already checked what each one needs). */
export function notifierFor(config: CustomerConfig, logger: Logger): Notifier {
  switch (config.NOTIFIER) {
    case 'webhook':
      return new WebhookNotifier({
        url: required(config.NOTIFIER_WEBHOOK_URL, 'NOTIFIER_WEBHOOK_URL'),
        timeoutMs: config.NOTIFIER_TIMEOUT_MS,
      });
    case 'kakao':
      return new KakaoNotifier({
        apiBaseUrl: config.KAKAO_API_BASE_URL,
        accessToken: required(config.KAKAO_ACCESS_TOKEN, 'KAKAO_ACCESS_TOKEN'),
        linkUrl: config.KAKAO_LINK_URL,
        timeoutMs: config.NOTIFIER_TIMEOUT_MS,
      });
    case 'log':
      return new LogNotifier(logger);
  }
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`invalid configuration: ${name}: required by NOTIFIER`);
  return value;
}
