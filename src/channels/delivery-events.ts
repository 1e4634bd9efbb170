import type { RawMessage } from '../events/index.js'
import type { DueMessage } from './provider.js'

/** How one try ended. */
export type TryOutcome = { kind: 'sent' } | { kind: 'failed' | 'dead'; error: string }

const EVENT_NAMES = { sent: 'Message Sent', failed: 'Message Failed', dead: 'Message Dead' } as const

/**
 * The event recording a try's outcome. Its messageId comes from the outbox row, the outcome and (for a
 * failure) the try, so re-ingesting after a crash stores it once.
 */
export function deliveryEvent(message: DueMessage, outcome: TryOutcome, at: Date): RawMessage {
  const suffix = outcome.kind === 'failed' ? `failed-${message.attempt}` : outcome.kind
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
      ...(outcome.kind === 'sent' ? {} : { error: outcome.error }),
    },
  }
}
