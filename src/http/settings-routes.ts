import type { FastifyPluginAsync } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CHANNEL_NAMES, type ChannelName } from '../channels/index.js'
import type { Config } from '../config/index.js'
import { ADMIN_SECURITY } from './admin-auth.js'

const shopSchema = z.object({
  name: z.string().describe('REEL_SHOP_NAME: the name messages sign with'),
  timeZone: z
    .string()
    .describe("REEL_DEFAULT_TIMEZONE: the shop's IANA time zone; the dashboard shows dates in it"),
  currency: z
    .string()
    .nullable()
    .describe('REEL_DEFAULT_CURRENCY: the currency of money sent without one; null when none is set'),
})

export type ShopSettings = z.infer<typeof shopSchema>

export function shopSettingsOf(config: Config): ShopSettings {
  return {
    name: config.shopName,
    timeZone: config.consent.defaultTimeZone,
    currency: config.radar.defaultCurrency,
  }
}

/**
 * Where a provider is, without what could be a secret: the URL's scheme, host and port (no user, path or
 * query), and whether it carries a user (credentials, never shown).
 */
function locate(url: string | null): { endpoint: string | null; withUser: boolean } {
  if (url === null) return { endpoint: null, withUser: false }
  try {
    const { protocol, host, username } = new URL(url)
    return { endpoint: `${protocol}//${host}`, withUser: username !== '' }
  } catch {
    return { endpoint: null, withUser: false }
  }
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

const providerSchema = z.object({
  channel: z.enum(CHANNEL_NAMES),
  configured: z.boolean(),
  endpoint: z
    .string()
    .nullable()
    .describe("the provider's scheme, host and port (never a user, password, path or query)"),
  format: z.enum(['json', 'twilio']).nullable().describe('SMS and messenger: how the request is shaped'),
  from: z.string().nullable().describe('the sender: e-mail From, SMS or messenger sender'),
  signed: z.boolean().nullable().describe('webhook: whether bodies are signed (REEL_WEBHOOK_SECRET is set)'),
  authenticated: z.boolean().describe('whether credentials are set (their values are never shown)'),
})

function providersOf(c: Config['channels']): z.infer<typeof providerSchema>[] {
  const none = { format: null, from: null, signed: null }
  const http = (channel: ChannelName, p: Config['channels']['sms']) => {
    const { endpoint, withUser } = locate(p?.url ?? null)
    return {
      channel,
      configured: p !== null,
      endpoint,
      format: p?.format ?? null,
      from: p?.from ?? null,
      signed: null,
      authenticated: withUser || (p?.token ?? null) !== null,
    }
  }
  const smtp = locate(c.smtpUrl)
  return [
    {
      ...none,
      channel: 'email',
      configured: c.smtpUrl !== null,
      endpoint: smtp.endpoint,
      from: c.emailFrom,
      authenticated: smtp.withUser,
    },
    http('sms', c.sms),
    http('messenger', c.messenger),
    {
      ...none,
      channel: 'webhook',
      configured: c.webhookUrl !== null,
      endpoint: locate(c.webhookUrl).endpoint,
      signed: c.webhookUrl === null ? null : c.webhookSecret !== null,
      authenticated: false,
    },
    { ...none, channel: 'log', configured: true, endpoint: null, authenticated: false },
  ]
}

const settingsSchema = z.object({
  shop: shopSchema,
  publicUrl: z
    .string()
    .describe('REEL_PUBLIC_URL (else the address Reel listens on): where links in messages lead'),
  consent: z.object({
    marketingConsent: z
      .enum(['opt_in', 'opt_out'])
      .describe("REEL_MARKETING_CONSENT: opt_in (marketing needs the customer's yes) or opt_out"),
    quietHours: z
      .object({ start: z.string(), end: z.string() })
      .nullable()
      .describe("REEL_QUIET_HOURS: no marketing in this window of the customer's local time; null when off"),
    linkDays: z.number().describe('REEL_CONSENT_LINK_DAYS: how long a preference or unsubscribe link works'),
  }),
  campaigns: z.object({
    globalHoldoutShare: z
      .number()
      .describe('REEL_GLOBAL_HOLDOUT: the share of members held out of every campaign'),
    grossMargin: z.number().describe('REEL_GROSS_MARGIN: the share of an order the shop keeps'),
    messageCost: z.record(z.enum(CHANNEL_NAMES), z.number()).describe('REEL_MESSAGE_COST_*: per message'),
    sequential: z.boolean().describe('REEL_SEQUENTIAL: always-valid intervals'),
  }),
  channels: z.array(providerSchema),
  sms: z.object({
    marketingPrefix: z.string().describe('REEL_SMS_MARKETING_PREFIX'),
    optOutLine: z.string().describe('REEL_SMS_OPT_OUT_LINE'),
  }),
  outbox: z.object({
    maxAttempts: z.number().describe('REEL_OUTBOX_MAX_ATTEMPTS: tries before a message is dead'),
    retryBaseMs: z.number().describe('REEL_OUTBOX_RETRY_BASE_MS'),
    retryMaxMs: z.number().describe('REEL_OUTBOX_RETRY_MAX_MS'),
    sendTimeoutMs: z.number().describe('REEL_SEND_TIMEOUT_MS'),
  }),
  http: z.object({
    corsOrigins: z.array(z.string()).describe("REEL_CORS_ORIGINS: web pages that may send events ('*': any)"),
    rateLimitPerKey: z
      .number()
      .describe('REEL_RATE_LIMIT_PER_KEY: requests a minute per write key (0: none)'),
    rateLimitPerIp: z.number().describe('REEL_RATE_LIMIT_PER_IP: requests a minute per address (0: none)'),
  }),
  sessions: z.object({
    idleHours: z.number().describe('REEL_SESSION_IDLE_HOURS'),
    maxDays: z.number().describe('REEL_SESSION_MAX_DAYS'),
  }),
})

export type Settings = z.infer<typeof settingsSchema>

export function settingsOf(config: Config): Settings {
  const quiet = config.consent.quietHours
  const { campaigns, channels } = config
  return {
    shop: shopSettingsOf(config),
    publicUrl: config.consent.publicUrl,
    consent: {
      marketingConsent: config.consent.marketingConsent,
      quietHours: quiet && { start: hhmm(quiet.startMinute), end: hhmm(quiet.endMinute) },
      linkDays: config.consent.linkDays,
    },
    campaigns: {
      globalHoldoutShare: campaigns.globalHoldoutShare,
      grossMargin: campaigns.grossMargin,
      messageCost: campaigns.messageCost,
      sequential: campaigns.sequential.enabled,
    },
    channels: providersOf(channels),
    sms: { marketingPrefix: channels.smsMarketingPrefix, optOutLine: channels.smsOptOutLine },
    outbox: {
      maxAttempts: channels.maxAttempts,
      retryBaseMs: channels.retryBaseMs,
      retryMaxMs: channels.retryMaxMs,
      sendTimeoutMs: channels.sendTimeoutMs,
    },
    http: {
      corsOrigins: config.http.corsOrigins,
      rateLimitPerKey: config.http.rateLimitPerKey,
      rateLimitPerIp: config.http.rateLimitPerIp,
    },
    sessions: config.sessions,
  }
}

/** What the shop is set to (inside the admin API): read from the environment, so read-only here. */
export const settingsRoutes: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  typed.get(
    '/settings',
    {
      schema: {
        description:
          'Everything Reel reads from the environment that a marketer or an engineer needs to see: the shop, consent and quiet hours, campaign settings, which channel providers are configured (where, never a password, token or key), the outbox, browser origins, rate limits and session lifetimes. Frequency caps are set per campaign. To change one, set the variable and restart Reel.',
        tags: ['admin'],
        security: ADMIN_SECURITY,
        response: { 200: settingsSchema },
      },
    },
    async () => settingsOf(config),
  )
  typed.get(
    '/shop',
    {
      schema: {
        description:
          "The shop's name, time zone and default currency, as the environment sets them: the dashboard names the shop, shows dates in its zone and money without a currency in its currency.",
        tags: ['admin'],
        security: ADMIN_SECURITY,
        response: { 200: shopSchema },
      },
    },
    async () => shopSettingsOf(config),
  )
}
