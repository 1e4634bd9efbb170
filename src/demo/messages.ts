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

/** A message with the sender's ids and time; ids left out rather than null, as trackers do. */
function base(type: string, sender: Sender, at: number): RawMessage {
  const message: RawMessage = { type }
  if (sender.userId !== undefined) message.userId = sender.userId
  if (sender.anonymousId !== undefined) message.anonymousId = sender.anonymousId
  message.timestamp = iso(at)
  message.context = CONTEXT
  return message
}

/** A `page` call (a page view of a visit). */
export function pageMessage(sender: Sender, at: number, name: string, url: string): RawMessage {
  const message = base('page', sender, at)
  message.name = name
  message.properties = { url }
  return message
}

/** A `track` call with an E-commerce V2 event name. */
export function trackMessage(sender: Sender, at: number, event: string, properties: object): RawMessage {
  const message = base('track', sender, at)
  message.event = event
  message.properties = properties
  return message
}

/** An `identify` call tying the browser id to the member id, with the member's traits. */
export function identifyMessage(sender: Sender, at: number, traits: object): RawMessage {
  const message = base('identify', sender, at)
  message.traits = traits
  return message
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
