import type { RawMessage } from '../events/index.js'
import type { DueMessage } from './provider.js'

/** How one try ended. */
export type TryOutcome = { kind: 'sent' } | { kind: 'failed' | 'dead'; error: string }

const EVENT_NAMES = { sent: 'Message Sent', failed: 'Message Failed', dead: 'Message Dead' } as const

/**
 * The event recording a try's outcome. Its messageId comes from the outbox row, the round of tries (when
 * the message was put back by hand), the outcome and (for a failure) the try, so re-ingesting after a
 * crash stores it once and a later round's tries are stored too.
 */
export function deliveryEvent(message: DueMessage, outcome: TryOutcome, at: Date): RawMessage {
  const round = message.retries > 0 ? `retry-${message.retries}-` : ''
  const suffix = `${round}${outcome.kind === 'failed' ? `failed-${message.attempt}` : outcome.kind}`
  const campaignId = message.metadata.campaignId
  return {
    type: 'track',
    event: EVENT_NAMES[outcome.kind],
    userId: message.customerId,
    messageId: `outbox-${message.outboxId}-${suffix}`,
    timestamp: at.toISOString(),
    properties: {
      channel: message.channel,
      message_id: message.idempotencyKey,
      message_type: message.messageType,
      campaign_id: typeof campaignId === 'string' ? campaignId : null,
      attempt: message.attempt,
      ...(message.retries > 0 ? { retries: message.retries } : {}),
      ...(outcome.kind === 'sent' ? {} : { error: outcome.error }),
    },
  }
}

/**
 * Whether a try's outcome is recorded as an event: a test message (`reel` sends one to an address an admin
 * gives, test-message.ts) is about no customer, so it leaves no event that would make one.
 */
export function recordsDeliveryEvent(message: DueMessage): boolean {
  return message.metadata.testBy === undefined
}
