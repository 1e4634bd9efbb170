import { isTimeZone } from '../time/index.js'
import {
  type ChannelName,
  type MessageType,
  PERSONAL_CHANNELS,
  type PersonalChannel,
} from './channel-types.js'
import { quietUntil } from './quiet-hours.js'
import type { ConsentSettings } from './settings.js'

export type SkipReason = 'no_consent' | 'unsubscribed' | 'no_address' | 'frequency_cap' | 'quiet_hours'

export type SendDecision =
  | { decision: 'send'; to: string }
  | { decision: 'hold'; until: Date; reason: 'quiet_hours' }
  | { decision: 'skip'; reason: SkipReason }

/** Most marketing messages a customer gets: per channel per day and week, and over all channels per week. */
export interface FrequencyCaps {
  perChannelPerDay?: number
  perChannelPerWeek?: number
  globalPerWeek?: number
}

/** Where a stored choice came from. */
export type PreferenceSource = 'preference_centre' | 'api' | 'unsubscribe' | 'import'

/** A choice the customer (or the shop for them) made about one channel and message type. */
export interface StoredChoice {
  channel: ChannelName
  messageType: MessageType
  allowed: boolean
  source: PreferenceSource
}

/** The customer as consent sees them. */
export interface ConsentCustomer {
  email: string | null
  phone: string | null
  traits: Record<string, unknown>
  isMember: boolean
}

/** Marketing messages sent in the rolling windows the caps look at. */
export interface RecentSends {
  channelDay: number
  channelWeek: number
  allWeek: number
}

export type ConsentState = 'granted' | 'no_consent' | 'unsubscribed'

function yesNo(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (value === 'true' || value === 'yes') return true
  if (value === 'false' || value === 'no') return false
  return undefined
}

/**
 * What identify traits say about a channel and message type: `consent: { email: true }` or
 * `consent: { email: { marketing: true, order_updates: false } }` for one channel, `marketing_consent`
 * for marketing on every channel. Undefined when they say nothing.
 */
export function traitConsent(
  traits: Record<string, unknown>,
  channel: PersonalChannel,
  messageType: MessageType,
): boolean | undefined {
  const perChannel = traits.consent
  if (perChannel && typeof perChannel === 'object' && !Array.isArray(perChannel)) {
    const entry = (perChannel as Record<string, unknown>)[channel]
    if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      const said = yesNo((entry as Record<string, unknown>)[messageType])
      if (said !== undefined) return said
    } else if (messageType === 'marketing') {
      const said = yesNo(entry)
      if (said !== undefined) return said
    }
  }
  return messageType === 'marketing' ? yesNo(traits.marketing_consent) : undefined
}

/** Whether a personal channel may carry a message type: a stored choice, else the traits, else the default. */
export function personalConsent(
  channel: PersonalChannel,
  messageType: MessageType,
  customer: ConsentCustomer,
  choices: readonly StoredChoice[],
  mode: ConsentSettings['marketingConsent'],
): { allowed: boolean; source: PreferenceSource | 'traits' | 'default' } {
  const stored = choices.find((c) => c.channel === channel && c.messageType === messageType)
  if (stored) return { allowed: stored.allowed, source: stored.source }
  const said = traitConsent(customer.traits, channel, messageType)
  if (said !== undefined) return { allowed: said, source: 'traits' }
  // Order updates and gift notices go unless turned off; marketing needs a yes unless the shop runs opt-out.
  return { allowed: messageType !== 'marketing' || mode === 'opt_out', source: 'default' }
}

/**
 * Whether the customer agreed to this message on this channel. An unsubscribe always wins. Webhook and
 * log carry a message for the shop's own systems: they may when any personal channel may.
 */
export function consentState(
  channel: ChannelName,
  messageType: MessageType,
  customer: ConsentCustomer,
  choices: readonly StoredChoice[],
  mode: ConsentSettings['marketingConsent'],
): ConsentState {
  const personal = (PERSONAL_CHANNELS as readonly string[]).includes(channel)
  const relevant = personal ? [channel as PersonalChannel] : PERSONAL_CHANNELS
  const answers = relevant.map((c) => ({
    channel: c,
    ...personalConsent(c, messageType, customer, choices, mode),
  }))
  if (answers.some((a) => a.allowed)) return 'granted'
  return answers.every((a) => a.source === 'unsubscribe') ? 'unsubscribed' : 'no_consent'
}

/** The address a channel sends to: e-mail, phone, or the customer id for the shop's own systems. */
export function addressFor(
  channel: ChannelName,
  customerId: string,
  customer: ConsentCustomer,
): string | null {
  if (channel === 'email') return customer.email?.trim() || null
  if (channel === 'sms' || channel === 'messenger') return customer.phone?.trim() || null
  return customerId
}

/** Whether one more marketing message would pass a cap. */
export function capReached(caps: FrequencyCaps | undefined, recent: RecentSends): boolean {
  if (!caps) return false
  const over = (cap: number | undefined, count: number) => cap !== undefined && count >= cap
  return (
    over(caps.perChannelPerDay, recent.channelDay) ||
    over(caps.perChannelPerWeek, recent.channelWeek) ||
    over(caps.globalPerWeek, recent.allWeek)
  )
}

/** The customer's time zone: the `timezone` trait when the runtime knows it, else the shop's. */
export function timeZoneOf(traits: Record<string, unknown>, fallback: string): string {
  const zone = traits.timezone
  return typeof zone === 'string' && isTimeZone(zone) ? zone : fallback
}

/** A send the consent rules are asked about. */
export interface SendRequest {
  customerId: string
  channel: ChannelName
  messageType: MessageType
  at: Date
  /** What a campaign does with a marketing message in quiet hours: wait for the morning, or drop it. */
  quietHours: 'hold' | 'skip'
  caps?: FrequencyCaps | undefined
  /**
   * Someone without a profile (a friend a gift was sent to) is reached at this address, with their stored
   * choices (an unsubscribe of theirs) and the defaults deciding; a customer with a profile is not.
   */
  address?: string | undefined
}

/** A send with what the rules read about its customer. */
export interface DecisionInput extends SendRequest {
  customer: ConsentCustomer | undefined
  choices: readonly StoredChoice[]
  recent: RecentSends
}

/** The customer consent reads: their profile, else for an address-only send, the address alone. */
export function customerFor(
  request: Pick<SendRequest, 'channel' | 'address'>,
  profile: ConsentCustomer | undefined,
): ConsentCustomer | undefined {
  if (profile || !request.address) return profile
  const email = request.channel === 'email' ? request.address : null
  const phone = request.channel === 'sms' || request.channel === 'messenger' ? request.address : null
  return { email, phone, traits: {}, isMember: false }
}

/**
 * Whether a message may go now, in the order a shop expects: consent (an unsubscribe first), an address,
 * then for marketing the frequency caps and the quiet hours in the customer's zone. Order updates are
 * neither capped nor held: a shipping notice at night is what the customer asked for.
 */
export function decideSend(input: DecisionInput, settings: ConsentSettings): SendDecision {
  const { customer, channel, messageType } = input
  if (!customer) return { decision: 'skip', reason: 'no_address' }
  const state = consentState(channel, messageType, customer, input.choices, settings.marketingConsent)
  if (state !== 'granted') return { decision: 'skip', reason: state }
  const to = addressFor(channel, input.customerId, customer)
  if (!to) return { decision: 'skip', reason: 'no_address' }
  if (messageType === 'marketing') {
    if (capReached(input.caps, input.recent)) return { decision: 'skip', reason: 'frequency_cap' }
    const zone = timeZoneOf(customer.traits, settings.defaultTimeZone)
    const until = quietUntil(input.at, zone, settings.quietHours)
    if (until)
      return input.quietHours === 'hold'
        ? { decision: 'hold', until, reason: 'quiet_hours' }
        : { decision: 'skip', reason: 'quiet_hours' }
  }
  return { decision: 'send', to }
}
