// Until src/channels exports them, the same two names are declared here; the composition root points
// these at the channels module once it exists.

/** A way Reel reaches a customer (or, for webhook and log, the shop's own systems). */
export type ChannelName = 'email' | 'sms' | 'messenger' | 'webhook' | 'log'

/** What a message is about: the customer chooses per message type. */
export type MessageType = 'marketing' | 'order_updates'

export const CHANNEL_NAMES: readonly ChannelName[] = ['email', 'sms', 'messenger', 'webhook', 'log']
export const MESSAGE_TYPES: readonly MessageType[] = ['marketing', 'order_updates']

/** The channels that reach the person themselves: the ones a customer opts in to or out of. */
export const PERSONAL_CHANNELS = ['email', 'sms', 'messenger'] as const
export type PersonalChannel = (typeof PERSONAL_CHANNELS)[number]
