import type { RawMessage } from '../events/index.js'
import type { MapOutcome } from './mapping.js'
import { shopifyCustomerMessages, shopifyOrderMessages } from './shopify/connector.js'

/**
 * A shop's Admin API objects as the messages its webhooks would give: the same mapping and the same fact
 * ids, so a back-fill over orders the webhooks already brought stores nothing twice. An object that does
 * not map is reported to `onSkipped` (the command prints it) and left out.
 */
export function shopifyBackfillMessages(
  shop: string,
  onSkipped: (kind: 'customer' | 'order', id: unknown, problem: string) => void,
): (kind: 'customer' | 'order', object: unknown) => RawMessage[] {
  return (kind, object) => {
    const ctx = { shop, receivedAt: new Date().toISOString() }
    const outcome: MapOutcome =
      kind === 'order' ? shopifyOrderMessages(object, ctx) : shopifyCustomerMessages(object, ctx)
    if (outcome.ok) return 'messages' in outcome ? outcome.messages : []
    const problem =
      outcome.problem.kind === 'malformed_body'
        ? `${outcome.problem.field}: ${outcome.problem.problem}`
        : `topic ${outcome.problem.topic}`
    onSkipped(kind, (object as { id?: unknown } | null)?.id, problem)
    return []
  }
}
