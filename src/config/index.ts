import type { z } from 'zod'
import type { CampaignSettings } from '../campaigns/index.js'
import type { ChannelSettings, HttpProviderSettings } from '../channels/index.js'
import type { ConsentSettings } from '../consent/index.js'
import type { CouponSettings } from '../coupons/settings.js'
import type { HttpSettings } from '../http/settings.js'
import type { OperationsSettings } from '../operations/settings.js'
import type { PredictSettings } from '../predict/settings.js'
import { DEFAULT_PREDICT_SETTINGS } from '../predict/settings.js'
import type { RadarSettings } from '../radar/settings.js'
import { DEFAULT_SHIPPING_SETTINGS, type ShippingSettings } from '../shipping/settings.js'
import type { SessionSettings } from '../users/settings.js'
import { type Env, envSchema } from './env.js'

/** Where customers reach Reel, as links start: REEL_PUBLIC_URL, else the address the server listens on. */
export function publicUrlOf(listen: { publicUrl?: string | undefined; host: string; port: number }): string {
  const host = listen.host === '0.0.0.0' || listen.host === '::' ? 'localhost' : listen.host
  const hostInUrl = host.includes(':') ? `[${host}]` : host
  return (listen.publicUrl ?? `http://${hostInUrl}:${listen.port}`).replace(/\/$/, '')
}

/** The configuration with links starting at `publicUrl` (a CLI command builds them as the server does). */
export function withPublicUrl(config: Config, publicUrl: string): Config {
  return {
    ...config,
    coupons: { ...config.coupons, publicUrl },
    consent: { ...config.consent, publicUrl },
  }
}

function httpProvider(
  url: string | undefined,
  format: 'json' | 'twilio',
  token: string | undefined,
  from: string | undefined,
): HttpProviderSettings | null {
  return url ? { url, format, token: token ?? null, from: from ?? null } : null
}

/**
 * The parsed variables arranged as the modules read them. Each section has the type its module
 * declares; the rest is inferred, so `Config` is written down nowhere but here.
 */
function configOf(e: Env) {
  // Links in messages must reach this server: by default the address it listens on.
  const publicUrl = publicUrlOf({ publicUrl: e.REEL_PUBLIC_URL, host: e.HOST, port: e.PORT })
  const http: HttpSettings = {
    headersTimeoutMs: e.REEL_HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.REEL_HTTP_REQUEST_TIMEOUT_MS,
    idleTimeoutMs: e.REEL_HTTP_IDLE_TIMEOUT_MS,
    keepAliveTimeoutMs: e.REEL_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    corsOrigins: e.REEL_CORS_ORIGINS,
    rateLimitPerKey: e.REEL_RATE_LIMIT_PER_KEY,
    rateLimitPerIp: e.REEL_RATE_LIMIT_PER_IP,
    trustProxy: e.REEL_TRUST_PROXY,
  }
  const operations: OperationsSettings = {
    metricsToken: e.REEL_METRICS_TOKEN,
    readyMaxLagSeconds: e.REEL_READY_MAX_LAG_SECONDS,
    readyMaxLagEvents: e.REEL_READY_MAX_LAG_EVENTS ?? null,
  }
  const sessions: SessionSettings = { idleHours: e.REEL_SESSION_IDLE_HOURS, maxDays: e.REEL_SESSION_MAX_DAYS }
  const radar: RadarSettings = {
    cancelWindowHours: e.REEL_RADAR_CANCEL_WINDOW_HOURS,
    cartIdleMinutes: e.REEL_RADAR_CART_IDLE_MINUTES,
    browsingVisits: e.REEL_RADAR_BROWSING_VISITS,
    browsingWindowDays: e.REEL_RADAR_BROWSING_WINDOW_DAYS,
    visitGapMinutes: e.REEL_RADAR_VISIT_GAP_MINUTES,
    dormantSoonDays: e.REEL_RADAR_DORMANT_SOON_DAYS,
    dormantDays: e.REEL_RADAR_DORMANT_DAYS,
    negativeRatingAtMost: e.REEL_RADAR_NEGATIVE_RATING_AT_MOST,
    spendWindowDays: e.REEL_RADAR_SPEND_WINDOW_DAYS,
    wonBackDays: e.REEL_RADAR_WON_BACK_DAYS,
    timerTickMs: e.REEL_RADAR_TICK_MS,
    defaultCurrency: e.REEL_DEFAULT_CURRENCY,
    valueBy: e.REEL_RADAR_VALUE_BY,
  }
  const coupons: CouponSettings = {
    publicUrl,
    giftClaimDays: e.REEL_GIFT_CLAIM_DAYS,
    walletTokenDays: e.REEL_WALLET_TOKEN_DAYS,
    expiringNoticeDays: e.REEL_COUPON_EXPIRING_DAYS,
    expiringMinValue: e.REEL_COUPON_EXPIRING_MIN_VALUE,
    tickMs: e.REEL_COUPONS_TICK_MS,
  }
  const consent: ConsentSettings = {
    publicUrl,
    marketingConsent: e.REEL_MARKETING_CONSENT,
    defaultTimeZone: e.REEL_DEFAULT_TIMEZONE,
    quietHours: e.REEL_QUIET_HOURS,
    linkDays: e.REEL_CONSENT_LINK_DAYS,
  }
  const campaigns: CampaignSettings = {
    tickMs: e.REEL_CAMPAIGNS_TICK_MS,
    signalReadLagMs: e.REEL_CAMPAIGN_SIGNAL_LAG_MS,
    messageCost: {
      email: e.REEL_MESSAGE_COST_EMAIL,
      sms: e.REEL_MESSAGE_COST_SMS,
      messenger: e.REEL_MESSAGE_COST_MESSENGER,
      webhook: e.REEL_MESSAGE_COST_WEBHOOK,
      // the log channel sends nothing anywhere
      log: 0,
    },
    grossMargin: e.REEL_GROSS_MARGIN,
    sequential: { enabled: e.REEL_SEQUENTIAL === 'on', tuning: e.REEL_SEQUENTIAL_TUNING },
    globalHoldoutShare: e.REEL_GLOBAL_HOLDOUT,
  }
  const shipping: ShippingSettings = {
    ...DEFAULT_SHIPPING_SETTINGS,
    holdoutShare: e.REEL_SHIPPING_HOLDOUT,
    webhookToken: e.REEL_CARRIER_WEBHOOK_TOKEN,
    tickMs: e.REEL_SHIPPING_TICK_MS,
  }
  const predict: PredictSettings = {
    ...DEFAULT_PREDICT_SETTINGS,
    refitHours: e.REEL_PREDICT_REFIT_HOURS,
    tickMs: e.REEL_PREDICT_TICK_MS,
    monthlyDiscount: e.REEL_PREDICT_MONTHLY_DISCOUNT,
    minRepeatBuyers: e.REEL_PREDICT_MIN_REPEAT_BUYERS,
    churnRiskBelow: e.REEL_CHURN_RISK_P_ALIVE,
    churnRiskMinValue: e.REEL_CHURN_RISK_MIN_VALUE ?? null,
  }
  const channels: ChannelSettings = {
    smtpUrl: e.REEL_SMTP_URL ?? null,
    emailFrom: e.REEL_EMAIL_FROM,
    sms: httpProvider(e.REEL_SMS_URL, e.REEL_SMS_FORMAT, e.REEL_SMS_TOKEN, e.REEL_SMS_FROM),
    smsMarketingPrefix: e.REEL_SMS_MARKETING_PREFIX,
    smsOptOutLine: e.REEL_SMS_OPT_OUT_LINE,
    messenger: httpProvider(
      e.REEL_MESSENGER_URL,
      e.REEL_MESSENGER_FORMAT,
      e.REEL_MESSENGER_TOKEN,
      e.REEL_MESSENGER_FROM,
    ),
    webhookUrl: e.REEL_WEBHOOK_URL ?? null,
    webhookSecret: e.REEL_WEBHOOK_SECRET ?? null,
    batchSize: e.REEL_OUTBOX_BATCH,
    concurrency: e.REEL_OUTBOX_CONCURRENCY,
    maxAttempts: e.REEL_OUTBOX_MAX_ATTEMPTS,
    retryBaseMs: e.REEL_OUTBOX_RETRY_BASE_MS,
    retryMaxMs: e.REEL_OUTBOX_RETRY_MAX_MS,
    leaseMs: e.REEL_OUTBOX_LEASE_MS,
    sendTimeoutMs: e.REEL_SEND_TIMEOUT_MS,
    tickMs: e.REEL_OUTBOX_TICK_MS,
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.REEL_DATA_DIR,
    databaseUrl: e.REEL_DATABASE_URL,
    poolSize: e.REEL_DB_POOL_SIZE,
    /**
     * Projector workers a process runs on PostgreSQL, each leasing its share of the partitions (one on the
     * embedded engine: its one backend would only queue them).
     */
    projectorLanes: e.REEL_DATABASE_URL ? e.REEL_PROJECTOR_LANES : 1,
    /**
     * REEL_EVENT_RETENTION_MONTHS: monthly partitions of the log older than this many whole months are
     * dropped once projected (PostgreSQL only); null keeps the log forever.
     */
    eventRetentionMonths: e.REEL_EVENT_RETENTION_MONTHS ?? null,
    writeKey: e.REEL_WRITE_KEY,
    adminToken: e.REEL_ADMIN_TOKEN,
    /** Ingestion requests handled at once before new ones get 429. */
    maxInflightBatches: e.REEL_MAX_INFLIGHT_BATCHES,
    /** PostgreSQL's shared_buffers in the embedded engine. */
    embeddedSharedBuffers: e.REEL_EMBEDDED_SHARED_BUFFERS,
    logLevel: e.REEL_LOG_LEVEL,
    http,
    /** Who may read /metrics, and when /ready says ready. */
    operations,
    /** Dashboard sessions. */
    sessions,
    radar,
    coupons,
    consent,
    campaigns,
    channels,
    shipping,
    predict,
    /** One shop's webhook secret per platform; more shops by `reel connectors add`. */
    connectors: {
      shopifySecret: e.REEL_SHOPIFY_WEBHOOK_SECRET,
      woocommerceSecret: e.REEL_WOOCOMMERCE_WEBHOOK_SECRET,
    },
    /** The shop's name as messages sign it. */
    shopName: e.REEL_SHOP_NAME,
    /** Whether REEL_PUBLIC_URL was set (else links start with the address the server listens on). */
    publicUrlConfigured: e.REEL_PUBLIC_URL !== undefined,
  }
}

/** The environment in, the configuration out: the one place settings, defaults and checks live. */
export const configSchema = envSchema
  .refine((e) => e.REEL_HTTP_HEADERS_TIMEOUT_MS <= e.REEL_HTTP_REQUEST_TIMEOUT_MS, {
    // Node refuses a headers deadline past the whole request's.
    path: ['REEL_HTTP_HEADERS_TIMEOUT_MS'],
    message: 'must not be longer than REEL_HTTP_REQUEST_TIMEOUT_MS',
  })
  .transform(configOf)

export type Config = z.output<typeof configSchema>

/** Reads the configuration; a bad value throws with the variable's name and what is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return parsed.data
}
