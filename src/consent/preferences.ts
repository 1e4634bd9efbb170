import type { AnyDb } from '../db/index.js'
import {
  type ChannelName,
  MESSAGE_TYPES,
  type MessageType,
  PERSONAL_CHANNELS,
  type PersonalChannel,
} from './channel-types.js'
import { type ConsentCustomer, type PreferenceSource, personalConsent } from './rules.js'
import type { ConsentSettings } from './settings.js'
import { choicesOf, storeChoices } from './store.js'

/** One line of the preference centre: may this channel carry this message type, and who said so. */
export interface PreferenceChoice {
  channel: PersonalChannel
  messageType: MessageType
  allowed: boolean
  /** A stored choice's source; `traits` when identify traits decide, `default` when nothing does. */
  source: PreferenceSource | 'traits' | 'default'
  changedAt: string | null
}

/** What the customer receives, per personal channel and message type. */
export interface Preferences {
  customerId: string
  choices: PreferenceChoice[]
}

/** A change: some choices, or no to everything. */
export interface PreferenceChange {
  choices?: ReadonlyArray<{ channel: PersonalChannel; messageType: MessageType; allowed: boolean }>
  /** No to every channel and message type (the preference centre's "unsubscribe from everything"). */
  unsubscribeAll?: boolean
}

const NOBODY: ConsentCustomer = { email: null, phone: null, traits: {}, isMember: false }

/** The customer's effective preferences: stored choices, else traits, else the shop's default. */
export async function readPreferences(
  db: AnyDb,
  customerId: string,
  customer: ConsentCustomer | undefined,
  mode: ConsentSettings['marketingConsent'],
): Promise<Preferences> {
  const stored = (await choicesOf(db, [customerId])).get(customerId) ?? []
  const choices = PERSONAL_CHANNELS.flatMap((channel) =>
    MESSAGE_TYPES.map((messageType) => {
      const effective = personalConsent(channel, messageType, customer ?? NOBODY, stored, mode)
      const row = stored.find((c) => c.channel === channel && c.messageType === messageType)
      return { channel, messageType, ...effective, changedAt: row?.changedAt ?? null }
    }),
  )
  return { customerId, choices }
}

/** Stores what changed (or was never stored), with its source: unchanged lines keep their history. */
export async function changePreferences(
  db: AnyDb,
  current: Preferences,
  change: PreferenceChange,
  source: PreferenceSource,
  at: Date,
): Promise<void> {
  const wanted = change.unsubscribeAll
    ? current.choices.map((c) => ({ channel: c.channel, messageType: c.messageType, allowed: false }))
    : (change.choices ?? [])
  const stored = new Set<PreferenceChoice['source']>(['preference_centre', 'api', 'unsubscribe', 'import'])
  const changed = wanted.filter((w) => {
    const now = current.choices.find((c) => c.channel === w.channel && c.messageType === w.messageType)
    return !now || now.allowed !== w.allowed || !stored.has(now.source)
  })
  await storeChoices(db, current.customerId, changed, source, at)
}

/** The personal channels an unsubscribe link turns off: its own, or all of them for the shop's systems. */
export function unsubscribedChannels(channel: ChannelName): readonly PersonalChannel[] {
  return (PERSONAL_CHANNELS as readonly string[]).includes(channel)
    ? [channel as PersonalChannel]
    : PERSONAL_CHANNELS
}
