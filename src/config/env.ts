import { z } from 'zod'
import { DEFAULT_CAMPAIGN_SETTINGS } from '../campaigns/index.js'
import { DEFAULT_CHANNEL_SETTINGS } from '../channels/index.js'
import { DEFAULT_CONSENT_SETTINGS, parseQuietHours } from '../consent/index.js'
import { DEFAULT_COUPON_SETTINGS } from '../coupons/settings.js'
import { DEFAULT_EMBEDDED_SHARED_BUFFERS } from '../db/index.js'
import { parseCorsOrigins } from '../http/cors-origins.js'
import { DEFAULT_HTTP_SETTINGS, parseTrustProxy } from '../http/settings.js'
import { DEFAULT_OPERATIONS_SETTINGS } from '../operations/settings.js'
import { DEFAULT_PREDICT_SETTINGS } from '../predict/settings.js'
import { DEFAULT_RADAR_SETTINGS } from '../radar/settings.js'
import { DEFAULT_SHIPPING_SETTINGS } from '../shipping/settings.js'
import { DEFAULT_SESSION_SETTINGS } from '../users/settings.js'

const positive = z.coerce.number().positive()
const whole = z.coerce.number().int().min(1)

/** A zod transform through a parser that throws, its message becoming the variable's issue. */
function parsedBy<T>(parse: (text: string) => T) {
  return (text: string, ctx: z.RefinementCtx): T => {
    try {
      return parse(text)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message })
      return z.NEVER
    }
  }
}

/** Radar thresholds (DESIGN section 4), one variable each; unset means the default. */
const radarEnv = {
  REEL_RADAR_CANCEL_WINDOW_HOURS: positive.default(DEFAULT_RADAR_SETTINGS.cancelWindowHours),
  REEL_RADAR_CART_IDLE_MINUTES: positive.default(DEFAULT_RADAR_SETTINGS.cartIdleMinutes),
  REEL_RADAR_BROWSING_VISITS: whole.default(DEFAULT_RADAR_SETTINGS.browsingVisits),
  REEL_RADAR_BROWSING_WINDOW_DAYS: positive.default(DEFAULT_RADAR_SETTINGS.browsingWindowDays),
  REEL_RADAR_VISIT_GAP_MINUTES: positive.default(DEFAULT_RADAR_SETTINGS.visitGapMinutes),
  REEL_RADAR_DORMANT_SOON_DAYS: positive.default(DEFAULT_RADAR_SETTINGS.dormantSoonDays),
  REEL_RADAR_DORMANT_DAYS: positive.default(DEFAULT_RADAR_SETTINGS.dormantDays),
  REEL_RADAR_NEGATIVE_RATING_AT_MOST: z.coerce
    .number()
    .min(0)
    .default(DEFAULT_RADAR_SETTINGS.negativeRatingAtMost),
  REEL_RADAR_SPEND_WINDOW_DAYS: positive.default(DEFAULT_RADAR_SETTINGS.spendWindowDays),
  REEL_RADAR_WON_BACK_DAYS: positive.default(DEFAULT_RADAR_SETTINGS.wonBackDays),
  REEL_RADAR_TICK_MS: whole.default(DEFAULT_RADAR_SETTINGS.timerTickMs),
}

/** The coupon wallet (DESIGN section 6). */
const couponsEnv = {
  REEL_PUBLIC_URL: z.url().optional(),
  REEL_GIFT_CLAIM_DAYS: positive.default(DEFAULT_COUPON_SETTINGS.giftClaimDays),
  REEL_WALLET_TOKEN_DAYS: positive.default(DEFAULT_COUPON_SETTINGS.walletTokenDays),
  REEL_COUPON_EXPIRING_DAYS: positive.default(DEFAULT_COUPON_SETTINGS.expiringNoticeDays),
  REEL_COUPON_EXPIRING_MIN_VALUE: z.coerce.number().min(0).default(DEFAULT_COUPON_SETTINGS.expiringMinValue),
  REEL_COUPONS_TICK_MS: whole.default(DEFAULT_COUPON_SETTINGS.tickMs),
}

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}, 'expected an IANA time zone such as Asia/Seoul')

/** Consent, quiet hours and campaigns (DESIGN sections 5 and 8). */
const messagingEnv = {
  REEL_SHOP_NAME: z.string().min(1).default('Our shop'),
  REEL_MARKETING_CONSENT: z.enum(['opt_in', 'opt_out']).default(DEFAULT_CONSENT_SETTINGS.marketingConsent),
  REEL_DEFAULT_TIMEZONE: timeZone.default(DEFAULT_CONSENT_SETTINGS.defaultTimeZone),
  // An ISO 4217 code (any case), or `none` to leave money the shop sent without a currency bare.
  REEL_DEFAULT_CURRENCY: z
    .string()
    .refine(
      (code) => code === 'none' || Intl.supportedValuesOf('currency').includes(code.toUpperCase()),
      'expected a currency code such as KRW or USD, or none',
    )
    .default(DEFAULT_RADAR_SETTINGS.defaultCurrency ?? 'none')
    .transform((code) => (code === 'none' ? null : code.toUpperCase())),
  REEL_QUIET_HOURS: z.string().default('21:00-08:00').transform(parsedBy(parseQuietHours)),
  REEL_CONSENT_LINK_DAYS: positive.default(DEFAULT_CONSENT_SETTINGS.linkDays),
  REEL_CAMPAIGNS_TICK_MS: whole.default(DEFAULT_CAMPAIGN_SETTINGS.tickMs),
  REEL_CAMPAIGN_SIGNAL_LAG_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(DEFAULT_CAMPAIGN_SETTINGS.signalReadLagMs),
}

const C = DEFAULT_CAMPAIGN_SETTINGS
const cost = z.coerce.number().min(0)

/** What campaign reports count and how they judge (DESIGN section 5). */
const reportEnv = {
  REEL_MESSAGE_COST_EMAIL: cost.default(C.messageCost.email),
  REEL_MESSAGE_COST_SMS: cost.default(C.messageCost.sms),
  REEL_MESSAGE_COST_MESSENGER: cost.default(C.messageCost.messenger),
  REEL_MESSAGE_COST_WEBHOOK: cost.default(C.messageCost.webhook),
  REEL_GROSS_MARGIN: z.coerce.number().min(0).max(1).default(C.grossMargin),
  REEL_SEQUENTIAL: z.enum(['on', 'off']).default(C.sequential.enabled ? 'on' : 'off'),
  REEL_SEQUENTIAL_TUNING: positive.default(C.sequential.tuning),
  REEL_GLOBAL_HOLDOUT: z.coerce.number().min(0).max(0.5).default(C.globalHoldoutShare),
  REEL_SHIPPING_HOLDOUT: z.coerce.number().min(0).max(0.5).default(DEFAULT_SHIPPING_SETTINGS.holdoutShare),
  REEL_CARRIER_WEBHOOK_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  REEL_SHOPIFY_WEBHOOK_SECRET: z.string().min(1).optional(),
  REEL_WOOCOMMERCE_WEBHOOK_SECRET: z.string().min(1).optional(),
  REEL_SHIPPING_TICK_MS: whole.default(DEFAULT_SHIPPING_SETTINGS.tickMs),
}

const P = DEFAULT_PREDICT_SETTINGS

/** How the shop's predictions are fitted and how the radar reads them (src/predict/settings.ts). */
const predictEnv = {
  REEL_PREDICT_REFIT_HOURS: z.coerce.number().positive().default(P.refitHours),
  REEL_PREDICT_TICK_MS: whole.default(P.tickMs),
  REEL_PREDICT_MONTHLY_DISCOUNT: z.coerce.number().min(0).max(1).default(P.monthlyDiscount),
  REEL_PREDICT_MIN_REPEAT_BUYERS: whole.default(P.minRepeatBuyers),
  REEL_CHURN_RISK_P_ALIVE: z.coerce.number().gt(0).lt(1).default(P.churnRiskBelow),
  REEL_CHURN_RISK_MIN_VALUE: z.coerce.number().min(0).optional(),
  REEL_RADAR_VALUE_BY: z.enum(['spend', 'predicted']).default(DEFAULT_RADAR_SETTINGS.valueBy),
}

const H = DEFAULT_HTTP_SETTINGS
const perMinute = z.coerce.number().int().min(0)

/** Timeouts, browser origins and rate limits of the HTTP server. */
const httpEnv = {
  REEL_HTTP_HEADERS_TIMEOUT_MS: whole.default(H.headersTimeoutMs),
  REEL_HTTP_REQUEST_TIMEOUT_MS: whole.default(H.requestTimeoutMs),
  REEL_HTTP_IDLE_TIMEOUT_MS: whole.default(H.idleTimeoutMs),
  REEL_HTTP_KEEP_ALIVE_TIMEOUT_MS: whole.default(H.keepAliveTimeoutMs),
  REEL_CORS_ORIGINS: z.string().default('*').transform(parsedBy(parseCorsOrigins)),
  REEL_RATE_LIMIT_PER_KEY: perMinute.default(H.rateLimitPerKey),
  REEL_RATE_LIMIT_PER_IP: perMinute.default(H.rateLimitPerIp),
  REEL_TRUST_PROXY: z.string().default('false').transform(parsedBy(parseTrustProxy)),
  REEL_SESSION_IDLE_HOURS: positive.default(DEFAULT_SESSION_SETTINGS.idleHours),
  REEL_SESSION_MAX_DAYS: positive.default(DEFAULT_SESSION_SETTINGS.maxDays),
}

/** Metrics and the readiness probe (src/operations). */
const operationsEnv = {
  REEL_METRICS_TOKEN: z.string().min(16, 'a metrics token needs at least 16 characters').optional(),
  REEL_READY_MAX_LAG_SECONDS: z.coerce
    .number()
    .min(0)
    .default(DEFAULT_OPERATIONS_SETTINGS.readyMaxLagSeconds),
  REEL_READY_MAX_LAG_EVENTS: z.coerce.number().int().min(0).optional(),
}

const D = DEFAULT_CHANNEL_SETTINGS
const providerFormat = z.enum(['json', 'twilio']).default('json')

/** Providers and the outbox (DESIGN section 8). */
const channelsEnv = {
  REEL_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://user:pass@host:587 or smtps://…')
    .optional(),
  REEL_EMAIL_FROM: z.string().min(3).default(D.emailFrom),
  REEL_SMS_URL: z.url().optional(),
  REEL_SMS_FORMAT: providerFormat,
  REEL_SMS_TOKEN: z.string().optional(),
  REEL_SMS_FROM: z.string().optional(),
  REEL_SMS_MARKETING_PREFIX: z.string().default(D.smsMarketingPrefix),
  REEL_SMS_OPT_OUT_LINE: z.string().default(D.smsOptOutLine),
  REEL_MESSENGER_URL: z.url().optional(),
  REEL_MESSENGER_FORMAT: providerFormat,
  REEL_MESSENGER_TOKEN: z.string().optional(),
  REEL_MESSENGER_FROM: z.string().optional(),
  REEL_WEBHOOK_URL: z.url().optional(),
  REEL_WEBHOOK_SECRET: z.string().min(16, 'a webhook secret needs at least 16 characters').optional(),
  REEL_OUTBOX_BATCH: whole.default(D.batchSize),
  REEL_OUTBOX_CONCURRENCY: whole.default(D.concurrency),
  REEL_OUTBOX_MAX_ATTEMPTS: whole.default(D.maxAttempts),
  REEL_OUTBOX_RETRY_BASE_MS: whole.default(D.retryBaseMs),
  REEL_OUTBOX_RETRY_MAX_MS: whole.default(D.retryMaxMs),
  REEL_OUTBOX_LEASE_MS: whole.default(D.leaseMs),
  REEL_SEND_TIMEOUT_MS: whole.default(D.sendTimeoutMs),
  REEL_OUTBOX_TICK_MS: whole.default(D.tickMs),
}

/**
 * Every setting Reel reads, from environment variables. The README's configuration table lists
 * these with their defaults; keep the two in step.
 */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  REEL_DATA_DIR: z.string().default('./.reel'),
  REEL_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional(),
  REEL_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
  REEL_PROJECTOR_LANES: z.coerce.number().int().min(1).max(16).default(1),
  // Whole months of the event log kept behind the current one on PostgreSQL; unset keeps it forever.
  REEL_EVENT_RETENTION_MONTHS: z.coerce.number().int().min(1).max(1200).optional(),
  REEL_WRITE_KEY: z.string().min(8, 'a write key needs at least 8 characters').optional(),
  REEL_ADMIN_TOKEN: z.string().min(16, 'an admin token needs at least 16 characters').optional(),
  REEL_MAX_INFLIGHT_BATCHES: z.coerce.number().int().min(1).default(64),
  REEL_EMBEDDED_SHARED_BUFFERS: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, 'expected a size such as 32MB')
    .default(DEFAULT_EMBEDDED_SHARED_BUFFERS),
  REEL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...httpEnv,
  ...operationsEnv,
  ...radarEnv,
  ...couponsEnv,
  ...messagingEnv,
  ...reportEnv,
  ...predictEnv,
  ...channelsEnv,
})

/** The variables as parsed: defaults filled in, numbers coerced, lists and ranges read. */
export type Env = z.output<typeof envSchema>
