export { CHANNEL_NAMES, type ChannelName, MESSAGE_TYPES, type MessageType } from '../channels/index.js'

/** The channels that reach the person themselves: the ones a customer opts in to or out of. */
export const PERSONAL_CHANNELS = ['email', 'sms', 'messenger'] as const
export type PersonalChannel = (typeof PERSONAL_CHANNELS)[number]
