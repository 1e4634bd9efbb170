/** The channels a message can go out on. */
export const CHANNEL_NAMES = ['email', 'sms', 'messenger', 'webhook', 'log'] as const
export type ChannelName = (typeof CHANNEL_NAMES)[number]

/**
 * What a message is about: consent is given per type (DESIGN section 8). `gifts` tells a customer of a gift
 * for them, and a giver what became of theirs: transactional, on by default, never capped or held.
 */
export const MESSAGE_TYPES = ['marketing', 'order_updates', 'gifts'] as const
export type MessageType = (typeof MESSAGE_TYPES)[number]

/** A message a module wants sent; stored in the outbox and sent once per idempotency key. */
export interface OutgoingMessage {
  /** e.g. `campaign:<id>:<customer>:<step>`; the same key is stored and sent once. */
  idempotencyKey: string
  channel: ChannelName
  customerId: string
  messageType: MessageType
  /** E-mail address, phone, messenger id; for webhook/log anything (the customer id). */
  to: string
  subject: string | null
  /** Plain text: the e-mail's text part, the SMS body. */
  text: string
  html: string | null
  /** E-mail: List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) headers. */
  unsubscribeUrl: string | null
  /** campaignId, stepId, signalId, locale …: stored, sent to webhooks. */
  metadata: Record<string, unknown>
}

/** Where a message is in the outbox: pending → sending → sent | failed (retried later) → dead. */
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'dead'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]

/** A message as the admin API shows it. */
export interface OutboxView extends OutgoingMessage {
  id: string
  state: OutboxState
  attempts: number
  nextAttemptAt: string | null
  lastError: string | null
  providerMessageId: string | null
  createdAt: string
  sentAt: string | null
  updatedAt: string
}

/** The columns of an outbox row that hold the message itself. */
export interface MessageContentRow {
  idempotency_key: string
  channel: ChannelName
  customer_id: string
  message_type: MessageType
  recipient: string
  subject: string | null
  body_text: string
  body_html: string | null
  unsubscribe_url: string | null
  metadata: Record<string, unknown>
}

/** The message an outbox row holds. */
export function messageOfRow(r: MessageContentRow): OutgoingMessage {
  return {
    idempotencyKey: r.idempotency_key,
    channel: r.channel,
    customerId: r.customer_id,
    messageType: r.message_type,
    to: r.recipient,
    subject: r.subject,
    text: r.body_text,
    html: r.body_html,
    unsubscribeUrl: r.unsubscribe_url,
    metadata: r.metadata,
  }
}
