import type { RawMessage } from '../events/message.js'
import type { CatalogueProduct } from './catalogue.js'
import { iso } from './time.js'

/** Who a message is about: a visitor's browser id, and the member id once known. */
export interface Sender {
  userId?: string
  anonymousId?: string
}

/** The context a Korean shop's web tracker attaches to every call. */
const CONTEXT = { locale: 'ko-KR', timezone: 'Asia/Seoul' } as const

function ids(sender: Sender): Record<string, string> {
  const out: Record<string, string> = {}
  if (sender.userId !== undefined) out.userId = sender.userId
  if (sender.anonymousId !== undefined) out.anonymousId = sender.anonymousId
  return out
}

/** A `page` call (a page view of a visit). */
export function pageMessage(sender: Sender, at: number, name: string, url: string): RawMessage {
  return { type: 'page', ...ids(sender), timestamp: iso(at), name, properties: { url }, context: CONTEXT }
}

/** A `track` call with an E-commerce V2 event name. */
export function trackMessage(
  sender: Sender,
  at: number,
  event: string,
  properties: Record<string, unknown>,
): RawMessage {
  return { type: 'track', ...ids(sender), timestamp: iso(at), event, properties, context: CONTEXT }
}

/** An `identify` call tying the browser id to the member id, with the member's traits. */
export function identifyMessage(sender: Sender, at: number, traits: Record<string, unknown>): RawMessage {
  return { type: 'identify', ...ids(sender), timestamp: iso(at), traits, context: CONTEXT }
}

/** A product line as sent inside cart and order events. */
export interface OrderLine extends CatalogueProduct {
  quantity: number
}

/** Money of the lines, in won. */
export function linesTotal(lines: readonly OrderLine[]): number {
  let total = 0
  for (const line of lines) total += line.price * line.quantity
  return total
}
