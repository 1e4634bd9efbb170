/** An HTTP provider for SMS or messenger messages. */
export interface HttpProviderSettings {
  /** The endpoint; user:password in the URL become Basic auth (Twilio: the account SID and auth token). */
  url: string
  /** `json`: POST `{to, text, …}`; `twilio`: a form with To, From, Body. */
  format: 'json' | 'twilio'
  /** Sent as `Authorization: Bearer …` when set. */
  token: string | null
  /** The sender (Twilio's From, a sender number, a KakaoTalk sender key …). */
  from: string | null
}

/** How messages are sent; every field is an environment variable (README, configuration). */
export interface ChannelSettings {
  /** REEL_SMTP_URL, e.g. `smtp://user:pass@host:587` (`smtps://` for TLS from the start); null: no e-mail. */
  smtpUrl: string | null
  /** REEL_EMAIL_FROM: the From address of every e-mail. */
  emailFrom: string
  /** REEL_SMS_URL, REEL_SMS_FORMAT (json|twilio), REEL_SMS_TOKEN, REEL_SMS_FROM; null: no SMS. */
  sms: HttpProviderSettings | null
  /** REEL_SMS_MARKETING_PREFIX: put before a marketing SMS, e.g. "(광고)" (required in Korea). */
  smsMarketingPrefix: string
  /** REEL_SMS_OPT_OUT_LINE: the last line of a marketing SMS, e.g. "무료수신거부 080-000-0000". */
  smsOptOutLine: string
  /** REEL_MESSENGER_URL, REEL_MESSENGER_FORMAT, REEL_MESSENGER_TOKEN, REEL_MESSENGER_FROM; null: none. */
  messenger: HttpProviderSettings | null
  /** REEL_WEBHOOK_URL: where webhook messages are POSTed; null: no webhook channel. */
  webhookUrl: string | null
  /** REEL_WEBHOOK_SECRET: signs webhook bodies (HMAC-SHA256 in the Reel-Signature header). */
  webhookSecret: string | null
  /** REEL_OUTBOX_BATCH: rows claimed per round. */
  batchSize: number
  /** REEL_OUTBOX_CONCURRENCY: messages in flight at once. */
  concurrency: number
  /** REEL_OUTBOX_MAX_ATTEMPTS: tries before a message is dead-lettered. */
  maxAttempts: number
  /** REEL_OUTBOX_RETRY_BASE_MS and REEL_OUTBOX_RETRY_MAX_MS: the backoff after the first failure, and its cap. */
  retryBaseMs: number
  retryMaxMs: number
  /** REEL_OUTBOX_LEASE_MS: a claimed row left unmarked this long (a crashed worker) is due again. */
  leaseMs: number
  /** REEL_SEND_TIMEOUT_MS: a provider that has not answered by then has failed this try. */
  sendTimeoutMs: number
  /** REEL_OUTBOX_TICK_MS: how often the worker looks for due messages when idle. */
  tickMs: number
}

export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = {
  smtpUrl: null,
  emailFrom: 'Reel <reel@localhost>',
  sms: null,
  smsMarketingPrefix: '',
  smsOptOutLine: '',
  messenger: null,
  webhookUrl: null,
  webhookSecret: null,
  batchSize: 500,
  concurrency: 32,
  maxAttempts: 8,
  retryBaseMs: 60_000,
  retryMaxMs: 6 * 3_600_000,
  leaseMs: 120_000,
  sendTimeoutMs: 30_000,
  tickMs: 1_000,
}

/** The setting that gives each channel its provider (the log channel needs none). */
export const PROVIDER_SETTING: Record<'email' | 'sms' | 'messenger' | 'webhook', string> = {
  email: 'REEL_SMTP_URL',
  sms: 'REEL_SMS_URL',
  messenger: 'REEL_MESSENGER_URL',
  webhook: 'REEL_WEBHOOK_URL',
}
