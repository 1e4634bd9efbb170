import type { RawMessage } from '../events/message.js'
import type { SkipLog } from './skips.js'

/** What a mapping turns a source into: the messages, and an account of every row read. */
export interface MappedImport {
  messages: RawMessage[]
  /** Data rows read, per file (header lines not counted). */
  rowsRead: Record<string, number>
  skipped: SkipLog
  /** Figures about the source a shop can check against its own books (orders, customers, guests…). */
  facts: Record<string, number>
}

/** Who an event is about: a known customer, or a guest identified only for this import. */
export type Person = { userId: string } | { anonymousId: string }

const CONTEXT = { library: { name: 'reel-import', version: '1' } }

/** A Segment track call as a shop's backend would send it. */
export function trackMessage(input: {
  messageId: string
  event: string
  person: Person
  timestamp: string
  properties: Record<string, unknown>
}): RawMessage {
  return {
    type: 'track',
    messageId: input.messageId,
    ...input.person,
    event: input.event,
    timestamp: input.timestamp,
    properties: input.properties,
    context: CONTEXT,
  }
}

/** A Segment identify call carrying what the export knows about the customer. */
export function identifyMessage(input: {
  messageId: string
  person: Person
  timestamp: string
  traits: Record<string, unknown>
}): RawMessage {
  return {
    type: 'identify',
    messageId: input.messageId,
    ...input.person,
    timestamp: input.timestamp,
    traits: input.traits,
    context: CONTEXT,
  }
}

/** One time an export shows a customer's details, e.g. the address on one order. */
export interface CustomerSighting {
  userId: string
  timestamp: string
  traits: Record<string, unknown>
  /** What the sighting came from (an order id), to make the messageId. */
  ref: string
}

/**
 * One identify per customer, plus one each time their details change (a new address), in time order.
 * Repeating identical traits on every order would only bloat the log.
 */
export function identifiesOnChange(source: string, sightings: CustomerSighting[]): RawMessage[] {
  const ordered = [...sightings].sort(
    (a, b) => compareText(a.timestamp, b.timestamp) || compareText(a.ref, b.ref),
  )
  const lastTraits = new Map<string, string>()
  const messages: RawMessage[] = []
  for (const sighting of ordered) {
    const traits = JSON.stringify(sighting.traits)
    if (lastTraits.get(sighting.userId) === traits) continue
    lastTraits.set(sighting.userId, traits)
    messages.push(
      identifyMessage({
        messageId: `${source}:identify:${sighting.userId}:${sighting.ref}`,
        person: { userId: sighting.userId },
        timestamp: sighting.timestamp,
        traits: sighting.traits,
      }),
    )
  }
  return messages
}

// At one instant, an order's story still reads in this order (Olist cancels at the approval time).
const LIFECYCLE_RANK: Record<string, number> = {
  'Checkout Started': 1,
  'Order Completed': 2,
  'Shipment Updated': 3,
  'Order Refunded': 4,
  'Order Cancelled': 4,
  'Product Reviewed': 5,
}

function rankOf(message: RawMessage): number {
  if (message.type === 'identify') return 0
  return typeof message.event === 'string' ? (LIFECYCLE_RANK[message.event] ?? 6) : 6
}

/**
 * Sorts messages into replay order: by time, then by lifecycle step, then by messageId, so identity and
 * order state apply as they happened and two imports of the same file send the same batches.
 */
export function sortForReplay(messages: RawMessage[]): RawMessage[] {
  return [...messages].sort(
    (a, b) =>
      compareText(String(a.timestamp), String(b.timestamp)) ||
      rankOf(a) - rankOf(b) ||
      compareText(String(a.messageId), String(b.messageId)),
  )
}

/** Plain code-unit comparison: ISO UTC strings sort by time, and the result does not depend on locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
