import { useFormat } from '../../format'
import { useStrings } from '../../i18n'
import { Table } from '../common'
import { strings as outboxStrings } from '../outbox/strings'
import type { ProviderSettings, Settings } from './api'
import { Setting } from './setting'
import { strings } from './strings'

const MINUTE_MS = 60_000
const HOUR_MS = 3_600_000

const PROVIDER_SETTING: Record<ProviderSettings['channel'], string> = {
  email: 'REEL_SMTP_URL, REEL_EMAIL_FROM',
  sms: 'REEL_SMS_URL, REEL_SMS_FORMAT, REEL_SMS_TOKEN, REEL_SMS_FROM',
  messenger: 'REEL_MESSENGER_URL, REEL_MESSENGER_FORMAT, REEL_MESSENGER_TOKEN, REEL_MESSENGER_FROM',
  webhook: 'REEL_WEBHOOK_URL, REEL_WEBHOOK_SECRET',
  log: '—',
}

/** Consent, messaging, channels and access as the environment sets them: read-only. */
export function Policy({ settings: v }: { settings: Settings }) {
  const s = useStrings(strings)
  const { channelNames } = useStrings(outboxStrings)
  const f = useFormat()
  // In the largest whole unit: 21,600,000 ms reads 6 hours.
  const duration = (ms: number) =>
    ms >= HOUR_MS && ms % HOUR_MS === 0
      ? s.hours(f.number(ms / HOUR_MS))
      : ms >= MINUTE_MS && ms % MINUTE_MS === 0
        ? s.minutes(f.number(ms / MINUTE_MS))
        : s.seconds(f.number(ms / 1000, 1))
  const limit = (n: number) => (n === 0 ? s.noLimit : f.count(n))
  return (
    <>
      <section aria-labelledby="settings-policy">
        <h2 id="settings-policy">{s.policyHeading}</h2>
        <p className="notice">{s.fromEnvironment}</p>
        <dl className="settings-list">
          <Setting label={s.marketingConsent} variable="REEL_MARKETING_CONSENT">
            {v.consent.marketingConsent === 'opt_in' ? s.optIn : s.optOut}
          </Setting>
          <Setting label={s.quietHours} variable="REEL_QUIET_HOURS">
            {v.consent.quietHours ? `${v.consent.quietHours.start}–${v.consent.quietHours.end}` : s.quietOff}
          </Setting>
          <Setting label={s.caps} variable="—">
            {s.capsPerCampaign}
          </Setting>
          <Setting label={s.linkDays} variable="REEL_CONSENT_LINK_DAYS">
            {s.days(f.number(v.consent.linkDays))}
          </Setting>
          <Setting label={s.holdout} variable="REEL_GLOBAL_HOLDOUT">
            {f.percent(v.campaigns.globalHoldoutShare)}
          </Setting>
          <Setting label={s.margin} variable="REEL_GROSS_MARGIN">
            {f.percent(v.campaigns.grossMargin)}
          </Setting>
          <Setting label={s.messageCost} variable="REEL_MESSAGE_COST_*">
            {Object.entries(v.campaigns.messageCost)
              .filter(([channel]) => channel !== 'log')
              .map(([channel, amount]) => `${channel} ${f.money({ currency: null, amount })}`)
              .join(' · ')}
          </Setting>
          <Setting label={s.sequential} variable="REEL_SEQUENTIAL">
            {v.campaigns.sequential ? s.on : s.off}
          </Setting>
          <Setting label={s.smsPrefix} variable="REEL_SMS_MARKETING_PREFIX">
            {v.sms.marketingPrefix || s.none}
          </Setting>
          <Setting label={s.smsOptOut} variable="REEL_SMS_OPT_OUT_LINE">
            {v.sms.optOutLine || s.none}
          </Setting>
        </dl>
      </section>
      <section aria-labelledby="settings-channels">
        <h2 id="settings-channels">{s.channelsHeading}</h2>
        <Table
          rows={v.channels}
          rowKey={(c) => c.channel}
          columns={[
            { label: s.channel, cell: (c) => channelNames[c.channel], rowHeader: true },
            { label: s.configured, cell: (c) => (c.configured ? s.yes : s.no) },
            { label: s.endpoint, cell: (c) => c.endpoint ?? '—' },
            { label: s.sender, cell: (c) => c.from ?? '—' },
            { label: s.details, cell: (c) => detailsOf(c, s) },
            {
              label: s.variables,
              cell: (c) => <code>{PROVIDER_SETTING[c.channel]}</code>,
              className: 'prose',
            },
          ]}
        />
        <dl className="settings-list">
          <Setting label={s.maxAttempts} variable="REEL_OUTBOX_MAX_ATTEMPTS">
            {f.count(v.outbox.maxAttempts)}
          </Setting>
          <Setting label={s.retryWait} variable="REEL_OUTBOX_RETRY_BASE_MS, REEL_OUTBOX_RETRY_MAX_MS">
            {`${duration(v.outbox.retryBaseMs)} · ${duration(v.outbox.retryMaxMs)}`}
          </Setting>
          <Setting label={s.sendTimeout} variable="REEL_SEND_TIMEOUT_MS">
            {duration(v.outbox.sendTimeoutMs)}
          </Setting>
        </dl>
      </section>
      <section aria-labelledby="settings-access">
        <h2 id="settings-access">{s.accessHeading}</h2>
        <dl className="settings-list">
          <Setting label={s.corsOrigins} variable="REEL_CORS_ORIGINS">
            {v.http.corsOrigins.includes('*') ? s.anyOrigin : v.http.corsOrigins.join(', ')}
          </Setting>
          <Setting label={s.rateLimits} variable="REEL_RATE_LIMIT_PER_KEY, REEL_RATE_LIMIT_PER_IP">
            {`${limit(v.http.rateLimitPerKey)} · ${limit(v.http.rateLimitPerIp)}`}
          </Setting>
          <Setting label={s.sessions} variable="REEL_SESSION_IDLE_HOURS, REEL_SESSION_MAX_DAYS">
            {`${s.hours(f.number(v.sessions.idleHours))} · ${s.days(f.number(v.sessions.maxDays))}`}
          </Setting>
        </dl>
      </section>
    </>
  )
}

function detailsOf(c: ProviderSettings, s: (typeof strings)['en']): string {
  const parts = [
    c.format,
    c.authenticated ? s.credentials : null,
    c.signed === null ? null : c.signed ? s.signed : s.unsigned,
  ]
  return parts.filter(Boolean).join(' · ') || '—'
}
