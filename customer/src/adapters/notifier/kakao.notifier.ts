import type { Notification } from '../../domain/notification';
import type { Notifier } from '../../application/ports/notifier.port';

export interface KakaoSettings {
  /** https://kapi.kakao.com, or a stand-in in tests. */
  apiBaseUrl: string;
  /** A user access token with the talk_message scope (the message goes to that user's own chat). */
  accessToken: string;
  /** Where the message's button leads. */
  linkUrl: string;
  timeoutMs: number;
}

export const KAKAO_MEMO_PATH = '/v2/api/talk/memo/default/send';
export const KAKAO_BUTTON_TITLE = '주문 보기';

/** The KakaoTalk "send to me" request with the default text template, exactly as the API expects it. */
export function kakaoMemoRequest(settings: KakaoSettings, notification: Notification) {
  const templateObject = {
    object_type: 'text',
    text: notification.message.slice(0, 200),
    link: { web_url: settings.linkUrl, mobile_web_url: settings.linkUrl },
    button_title: KAKAO_BUTTON_TITLE,
  };
  return {
    url: `${settings.apiBaseUrl.replace(/\/+$/, '')}${KAKAO_MEMO_PATH}`,
    method: 'POST',
    headers: {
      authorization: `Bearer ${settings.accessToken}`,
      'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
    },
    body: new URLSearchParams({ template_object: JSON.stringify(templateObject) }).toString(),
  };
}

/**
 * NOTIFIER=kakao: KakaoTalk "send to me" (talk/memo/default/send). Success is HTTP 200 with
 * `{"result_code":0}`; anything else (an expired token answers 401 with code -401) is a failure.
 */
export class KakaoNotifier implements Notifier {
  readonly channel = 'kakao';

  constructor(private readonly settings: KakaoSettings) {}

  async send(notification: Notification): Promise<void> {
    const request = kakaoMemoRequest(this.settings, notification);
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    const text = await response.text().catch(() => '');
    if (response.status !== 200)
      throw new Error(`kakao answered ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
    let resultCode: unknown;
    try {
      resultCode = (JSON.parse(text) as { result_code?: unknown }).result_code;
    } catch {
      throw new Error(`kakao answered 200 without JSON: ${text.slice(0, 200)}`);
    }
    if (resultCode !== 0) throw new Error(`kakao answered result_code ${String(resultCode)}`);
  }
}
