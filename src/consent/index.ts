import type { AnyDb } from '../db/index.js'
import type { ChannelName, MessageType } from './channel-types.js'
import {
  changePreferences,
  type PreferenceChange,
  type Preferences,
  readPreferences,
  unsubscribedChannels,
} from './preferences.js'
import {
  type ConsentCustomer,
  decideSend,
  type FrequencyCaps,
  type PreferenceSource,
  type SendDecision,
} from './rules.js'
import type { ConsentSettings } from './settings.js'
import { choicesOf, recentSends, recordSend } from './store.js'
import { createLinkToken, type LinkTarget, linkTarget } from './tokens.js'

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
export type { FrequencyCaps, PreferenceSource, SendDecision, SkipReason } from './rules.js'
export {
  type ConsentSettings,
  DEFAULT_CONSENT_SETTINGS,
  parseQuietHours,
  type QuietHours,
} from './settings.js'
export type { LinkTarget } from './tokens.js'

/** A send the consent rules are asked about. */
export interface SendRequest {
  customerId: string
  channel: ChannelName
  messageType: MessageType
  at: Date
  /** What a campaign does with a marketing message in quiet hours: wait for the morning, or drop it. */
  quietHours: 'hold' | 'skip'
  caps?: FrequencyCaps | undefined
}

/** Consent, preferences, frequency caps and quiet hours, checked at send time. */
export interface Consent {
  settings: ConsentSettings
  /** Whether a message may go now, checked at send time; `db` may be the caller's transaction. */
  decide(db: AnyDb, request: SendRequest): Promise<SendDecision>
  /** Counts a message that went (for caps). */
  recordSent(
    db: AnyDb,
    sent: { customerId: string; channel: ChannelName; messageType: MessageType; at: Date },
  ): Promise<void>
  /** What the customer receives per channel and message type, and why. */
  preferences(customerId: string): Promise<Preferences>
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
  /** What a link token opens, or undefined when unknown or expired. */
  linkTarget(token: string, purpose: LinkTarget['purpose']): Promise<LinkTarget | undefined>
}

/** What consent needs from the other modules, wired by the composition root. */
export interface ConsentDeps {
  db: AnyDb
  clock: () => Date
  settings: ConsentSettings
  /** The customer's addresses and traits (profiles), read in the caller's transaction. */
  customerOf(db: AnyDb, id: string): Promise<ConsentCustomer | undefined>
}

export function createConsent(deps: ConsentDeps): Consent {
  const { db, clock, settings } = deps
  const preferences = async (customerId: string) =>
    readPreferences(db, customerId, await deps.customerOf(db, customerId), settings.marketingConsent)
  async function setPreferences(customerId: string, change: PreferenceChange, source: PreferenceSource) {
    await changePreferences(db, await preferences(customerId), change, source, clock())
    return preferences(customerId)
  }

  return {
    settings,
    async decide(tx, request) {
      const [customer, choices, recent] = await Promise.all([
        deps.customerOf(tx, request.customerId),
        choicesOf(tx, request.customerId),
        recentSends(tx, request.customerId, request.channel, request.at),
      ])
      return decideSend({ ...request, customer, choices, recent }, settings)
    },
    recordSent: (tx, sent) => recordSend(tx, sent),
    preferences,
    setPreferences,
    unsubscribe: (customerId, channel, messageType) =>
      setPreferences(
        customerId,
        { choices: unsubscribedChannels(channel).map((c) => ({ channel: c, messageType, allowed: false })) },
        'unsubscribe',
      ),
    async preferenceUrl(customerId, tx = db) {
      const token = await createLinkToken(
        tx,
        { purpose: 'preferences', customerId },
        clock(),
        settings.linkDays,
      )
      return `${settings.publicUrl}/p/${token}`
    },
    async unsubscribeUrl(customerId, channel, messageType, tx = db) {
      const target = { purpose: 'unsubscribe', customerId, channel, messageType } as const
      return `${settings.publicUrl}/u/${await createLinkToken(tx, target, clock(), settings.linkDays)}`
    },
    linkTarget: (token, purpose) => linkTarget(db, token, purpose, clock()),
  }
}
