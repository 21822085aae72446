import { z } from 'zod';
import { Variables, authVariables, serviceVariables } from '@fooddelivery/platform';
import { messagingVariables } from '@fooddelivery/messaging';
import { documentVariables } from '@fooddelivery/persistence';

const httpUrl = (what: string) => z.url({ protocol: /^https?$/, error: `must be an http(s) URL (${what})` });

export const NOTIFIER_CHANNELS = ['log', 'webhook', 'kakao'] as const;

/** Customer center service configuration, read from the environment once at start (see README). */
export const CustomerConfig = z
  .object({
    ...serviceVariables(8084),
    ...messagingVariables(),
    ...documentVariables('customer'),
    ...authVariables(),
    /** Where notifications go: a log line (default), a webhook, or KakaoTalk "send to me". */
    NOTIFIER: z.enum(NOTIFIER_CHANNELS, { error: 'must be one of log, webhook, kakao' }).default('log'),
    /** NOTIFIER=webhook: the URL that receives each notification as a JSON POST. */
    NOTIFIER_WEBHOOK_URL: httpUrl('the webhook').optional(),
    /** How long one webhook or Kakao call may take before it counts as failed. */
    NOTIFIER_TIMEOUT_MS: Variables.positiveInt(5000),
    /** NOTIFIER=kakao: the Kakao REST API. */
    KAKAO_API_BASE_URL: httpUrl('the Kakao API').default('https://kapi.kakao.com'),
    /** NOTIFIER=kakao: a user access token with the talk_message scope. */
    KAKAO_ACCESS_TOKEN: z.string().min(1).optional(),
    /** The "주문 보기" button of a Kakao message leads here. */
    KAKAO_LINK_URL: httpUrl('the message link').default('http://127.0.0.1:8080'),
    /** Attempts per notification (the first included) before it is FAILED. */
    NOTIFICATION_MAX_ATTEMPTS: Variables.positiveInt(8),
    /** Backoff after the first failed attempt; it doubles after each further one… */
    NOTIFICATION_RETRY_BASE_MS: Variables.positiveInt(1000),
    /** …up to this. */
    NOTIFICATION_RETRY_MAX_MS: Variables.positiveInt(300_000),
    /** How often due notifications are sent. */
    NOTIFICATION_DISPATCH_INTERVAL_MS: Variables.positiveInt(1000),
    /** Notifications per dispatch round. */
    NOTIFICATION_BATCH_SIZE: Variables.positiveInt(50),
    /** GET /order-status/:id/stream re-reads the view this often (so any replica serves any order). */
    STREAM_POLL_INTERVAL_MS: Variables.positiveInt(1000),
    /** …and sends a heartbeat comment this often. */
    STREAM_HEARTBEAT_INTERVAL_MS: Variables.positiveInt(15_000),
  })
  .superRefine((config, context) => {
    if (config.NOTIFIER === 'webhook' && !config.NOTIFIER_WEBHOOK_URL) {
      context.addIssue({ code: 'custom', path: ['NOTIFIER_WEBHOOK_URL'], message: 'required when NOTIFIER=webhook' });
    }
    if (config.NOTIFIER === 'kakao' && !config.KAKAO_ACCESS_TOKEN) {
      context.addIssue({ code: 'custom', path: ['KAKAO_ACCESS_TOKEN'], message: 'required when NOTIFIER=kakao' });
    }
  });
export type CustomerConfig = z.infer<typeof CustomerConfig>;
