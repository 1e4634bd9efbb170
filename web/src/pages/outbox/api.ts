import { call, query } from '../../api'

/** The outbox's API (src/http/message-routes.ts); types mirror its response schemas. */
export const CHANNELS = ['email', 'sms', 'messenger', 'webhook', 'log'] as const
export type Channel = (typeof CHANNELS)[number]
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'dead'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]

export interface ChannelOverview {
  channel: Channel
  configured: boolean
  messages: Record<OutboxState, number>
  waitingForProvider: number
}

export interface OutboxMessage {
  id: string
  channel: Channel
  customerId: string
  messageType: string
  to: string
  subject: string | null
  text: string
  metadata: Record<string, unknown>
  state: OutboxState
  attempts: number
  lastError: string | null
  createdAt: string
  sentAt: string | null
  updatedAt: string
}

export interface MessagePage {
  messages: OutboxMessage[]
  next: string | null
}

export const outboxApi = {
  channels: () => call<{ channels: ChannelOverview[] }>('GET', '/channels'),
  messages: (filter: { state?: string; channel?: string; after?: string; limit: number }) =>
    call<MessagePage>('GET', `/messages${query({ ...filter, limit: String(filter.limit) })}`),
  retry: (id: string) =>
    call<{ id: string; state: 'pending'; retried: boolean }>(
      'POST',
      `/messages/${encodeURIComponent(id)}/retry`,
    ),
  sendTest: (channel: Channel, to: string) =>
    call<{ id: string; state: OutboxState; lastError: string | null }>('POST', `/channels/${channel}/test`, {
      to,
    }),
}

/** The setting that gives each channel its provider (the log channel needs none). */
export const PROVIDER_SETTING: Record<Channel, string | null> = {
  email: 'REEL_SMTP_URL',
  sms: 'REEL_SMS_URL',
  messenger: 'REEL_MESSENGER_URL',
  webhook: 'REEL_WEBHOOK_URL',
  log: null,
}
