import type { AnyDb } from '../db/index.js'
import { startTicker, type Ticker } from '../jobs/index.js'
import type { ChannelName, MessageType } from './channel-types.js'
import {
  changePreferences,
  type PreferenceChange,
  type Preferences,
  readPreferences,
  unsubscribedChannels,
} from './preferences.js'
import { quietUntil } from './quiet-hours.js'
import {
  type ConsentCustomer,
  customerFor,
  decideSend,
  type PreferenceSource,
  type SendDecision,
  type SendRequest,
  timeZoneOf,
} from './rules.js'
import type { ConsentSettings } from './settings.js'
import { choicesOf, pruneConsent, recentSends, recordSends } from './store.js'
import { createLinkTokens, type LinkTarget, linkTarget } from './tokens.js'

export {
  CHANNEL_NAMES,
  type ChannelName,
  MESSAGE_TYPES,
  type MessageType,
  PERSONAL_CHANNELS,
  type PersonalChannel,
} from './channel-types.js'
export { consentMigrations } from './migrations.js'
export type { PreferenceChange, PreferenceChoice, Preferences } from './preferences.js'
export { quietUntil } from './quiet-hours.js'
export type { FrequencyCaps, PreferenceSource, SendDecision, SendRequest, SkipReason } from './rules.js'
export {
  type ConsentSettings,
  DEFAULT_CONSENT_SETTINGS,
  parseQuietHours,
  type QuietHours,
} from './settings.js'
export type { LinkTarget } from './tokens.js'

/** A message that went, as the caps count it. */
export interface SentMessage {
  customerId: string
  channel: ChannelName
  messageType: MessageType
  at: Date
}

/** A customer as their profile holds them (the profiles module's row). */
export interface ProfileOfCustomer {
  email: string | null
  phone: string | null
  traits: Record<string, unknown>
  is_member: boolean
}

/** Consent, preferences, frequency caps and quiet hours, checked at send time. */
export interface Consent {
  settings: ConsentSettings
  /** Whether a message may go now, checked at send time; `db` may be the caller's transaction. */
  decide(db: AnyDb, request: SendRequest): Promise<SendDecision>
  /**
   * `decide` for many sends at once, in order: a send allowed earlier in the list counts towards the caps of
   * the ones after it (so two campaigns reaching one customer in one round respect the cap between them).
   */
  decideMany(db: AnyDb, requests: readonly SendRequest[]): Promise<SendDecision[]>
  /**
   * When the quiet hours in each customer's time zone end, for those inside them at `at` (a marketing message
   * held until then); customers outside them are left out.
   */
  quietUntilFor(db: AnyDb, customerIds: readonly string[], at: Date): Promise<Map<string, Date>>
  /** Counts messages that went (for caps). */
  recordSent(db: AnyDb, sent: readonly SentMessage[]): Promise<void>
  /** What the customer receives per channel and message type, and why. */
  preferences(customerId: string): Promise<Preferences>
  /** The customer's profile traits (their `locale` and `timezone` for their pages), if they have a profile. */
  traitsOf(customerId: string): Promise<Record<string, unknown> | undefined>
  /** Records the customer's choices with their source (history kept); returns the preferences after. */
  setPreferences(customerId: string, change: PreferenceChange, source: PreferenceSource): Promise<Preferences>
  /** Turns off the channel and message type an unsubscribe link names. */
  unsubscribe(customerId: string, channel: ChannelName, messageType: MessageType): Promise<Preferences>
  /** A new link to the customer's preference centre: `${publicUrl}/p/<token>` (`db`: the caller's transaction). */
  preferenceUrl(customerId: string, db?: AnyDb): Promise<string>
  /** A new unsubscribe link for one channel and message type: `${publicUrl}/u/<token>`. */
  unsubscribeUrl(
    customerId: string,
    channel: ChannelName,
    messageType: MessageType,
    db?: AnyDb,
  ): Promise<string>
  /** An unsubscribe link (for the target's channel and message type) and a preference centre link per target. */
  linksFor(
    db: AnyDb,
    targets: readonly SentMessage[],
  ): Promise<Array<{ unsubscribe: string; preferences: string }>>
  /** Deletes expired link tokens and sends older than the caps look back. */
  prune(now?: Date): Promise<{ tokens: number; sends: number }>
  /** Prunes every hour until stopped. */
  startWorker(onError: (error: unknown) => void): Ticker
  /** What a link token opens, or undefined when unknown or expired. */
  linkTarget(token: string, purpose: LinkTarget['purpose']): Promise<LinkTarget | undefined>
}

/** What consent needs from the other modules, wired by the composition root. */
export interface ConsentDeps {
  db: AnyDb
  clock: () => Date
  settings: ConsentSettings
  /** The customers' profiles (those that exist), read in the caller's transaction. */
  customersOf(db: AnyDb, ids: readonly string[]): Promise<Map<string, ProfileOfCustomer>>
}

const consentCustomer = (p: ProfileOfCustomer | undefined): ConsentCustomer | undefined =>
  p && { email: p.email, phone: p.phone, traits: p.traits, isMember: p.is_member }

export function createConsent(deps: ConsentDeps): Consent {
  const { db, clock, settings } = deps
  const customerOf = async (tx: AnyDb, id: string) =>
    consentCustomer((await deps.customersOf(tx, [id])).get(id))
  const preferences = async (customerId: string) =>
    readPreferences(db, customerId, await customerOf(db, customerId), settings.marketingConsent)

  async function decideMany(tx: AnyDb, requests: readonly SendRequest[]): Promise<SendDecision[]> {
    if (requests.length === 0) return []
    const ids = requests.map((r) => r.customerId)
    // The caps' windows end at the latest send asked about (a round asks about one moment).
    const at = new Date(Math.max(...requests.map((r) => r.at.getTime())))
    const [customers, choices, recent] = await Promise.all([
      deps.customersOf(tx, ids),
      choicesOf(tx, ids),
      recentSends(tx, ids, at),
    ])
    return requests.map((request) => {
      const mine = recent.get(request.customerId) ?? { day: new Map(), week: new Map() }
      const decision = decideSend(
        {
          ...request,
          customer: customerFor(request, consentCustomer(customers.get(request.customerId))),
          choices: choices.get(request.customerId) ?? [],
          recent: {
            channelDay: mine.day.get(request.channel) ?? 0,
            channelWeek: mine.week.get(request.channel) ?? 0,
            allWeek: [...mine.week.values()].reduce((a, b) => a + b, 0),
          },
        },
        settings,
      )
      if (decision.decision === 'send' && request.messageType === 'marketing') {
        mine.day.set(request.channel, (mine.day.get(request.channel) ?? 0) + 1)
        mine.week.set(request.channel, (mine.week.get(request.channel) ?? 0) + 1)
        recent.set(request.customerId, mine)
      }
      return decision
    })
  }
  async function setPreferences(customerId: string, change: PreferenceChange, source: PreferenceSource) {
    await changePreferences(db, await preferences(customerId), change, source, clock())
    return preferences(customerId)
  }

  return {
    settings,
    decide: async (tx, request) => (await decideMany(tx, [request]))[0] as SendDecision,
    decideMany,
    async quietUntilFor(tx, customerIds, at) {
      const held = new Map<string, Date>()
      for (const [id, profile] of await deps.customersOf(tx, customerIds)) {
        const until = quietUntil(
          at,
          timeZoneOf(profile.traits, settings.defaultTimeZone),
          settings.quietHours,
        )
        if (until) held.set(id, until)
      }
      return held
    },
    recordSent: (tx, sent) => recordSends(tx, sent),
    preferences,
    traitsOf: async (customerId) => (await customerOf(db, customerId))?.traits,
    setPreferences,
    unsubscribe: (customerId, channel, messageType) =>
      setPreferences(
        customerId,
        { choices: unsubscribedChannels(channel).map((c) => ({ channel: c, messageType, allowed: false })) },
        'unsubscribe',
      ),
    async preferenceUrl(customerId, tx = db) {
      const [token] = await createLinkTokens(
        tx,
        [{ purpose: 'preferences', customerId }],
        clock(),
        settings.linkDays,
      )
      return `${settings.publicUrl}/p/${token}`
    },
    async unsubscribeUrl(customerId, channel, messageType, tx = db) {
      const target = { purpose: 'unsubscribe', customerId, channel, messageType } as const
      const [token] = await createLinkTokens(tx, [target], clock(), settings.linkDays)
      return `${settings.publicUrl}/u/${token}`
    },
    async linksFor(tx, targets) {
      const tokens = await createLinkTokens(
        tx,
        targets.flatMap((t): LinkTarget[] => [
          {
            purpose: 'unsubscribe',
            customerId: t.customerId,
            channel: t.channel,
            messageType: t.messageType,
          },
          { purpose: 'preferences', customerId: t.customerId },
        ]),
        clock(),
        settings.linkDays,
      )
      return targets.map((_, i) => ({
        unsubscribe: `${settings.publicUrl}/u/${tokens[2 * i]}`,
        preferences: `${settings.publicUrl}/p/${tokens[2 * i + 1]}`,
      }))
    },
    linkTarget: (token, purpose) => linkTarget(db, token, purpose, clock()),
    prune: (now = clock()) => pruneConsent(db, now),
    startWorker: (onError) => startTicker(() => pruneConsent(db, clock()), 3_600_000, onError),
  }
}
