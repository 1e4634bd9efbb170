import {
  type ChannelName,
  MESSAGE_TYPES,
  type MessageType,
  type PersonalChannel,
  type Preferences,
} from '../consent/index.js'
import { fill, type Locale, stringsFor } from './locale.js'
import { renderPage } from './render.js'

/** Notices the preference centre comes back with after a save (303). */
export const PREFERENCE_NOTICES = ['saved', 'unsubscribed-all'] as const
export type PreferenceNotice = (typeof PREFERENCE_NOTICES)[number]

/** The form field of one checkbox: `email.marketing`. */
export const choiceField = (channel: PersonalChannel, messageType: MessageType) => `${channel}.${messageType}`

/** The preference centre: a row per channel, a checkbox per message type. */
export function renderPreferences(
  preferences: Preferences,
  locale: Locale,
  options: { token: string; notice?: PreferenceNotice | undefined },
): Promise<string> {
  const t = stringsFor(locale)
  const types = MESSAGE_TYPES.map((type) => ({
    type,
    label: t.consent.messageType[type],
  }))
  const channels = [...new Set(preferences.choices.map((c) => c.channel))]
  const rows = channels.map((channel) => ({
    label: t.consent.channel[channel],
    boxes: types.map(({ type, label }) => ({
      name: choiceField(channel, type),
      label,
      checked: preferences.choices.some((c) => c.channel === channel && c.messageType === type && c.allowed),
    })),
  }))
  const notice =
    options.notice === 'saved'
      ? t.consent.saved
      : options.notice === 'unsubscribed-all'
        ? t.consent.unsubscribedAll
        : null
  return renderPage('preferences', {
    t,
    title: t.consent.preferencesTitle,
    token: options.token,
    notice,
    types,
    rows,
  })
}

function words(locale: Locale, channel: ChannelName, messageType: MessageType) {
  const t = stringsFor(locale)
  const named = t.consent.channel as Partial<Record<ChannelName, string>>
  return { channel: named[channel] ?? t.consent.channelAll, messageType: t.consent.messageType[messageType] }
}

/** The unsubscribe question (with its button), or the answer once done (with a way to the preferences). */
export function renderUnsubscribe(
  locale: Locale,
  options: {
    token: string
    channel: ChannelName
    messageType: MessageType
    done: boolean
    preferencesUrl?: string | null
  },
): Promise<string> {
  const t = stringsFor(locale)
  const named = words(locale, options.channel, options.messageType)
  return renderPage('unsubscribe', {
    t,
    title: options.done ? t.consent.unsubscribedTitle : t.consent.unsubscribeTitle,
    text: fill(options.done ? t.consent.unsubscribedText : t.consent.unsubscribeQuestion, named),
    confirm: !options.done,
    token: options.token,
    preferences_url: options.preferencesUrl ?? null,
  })
}
