import type { StoredEvent } from '../../events/index.js'
import { random } from '../../test-support/random.js'
import { DAY, HOUR, MINUTE } from './types.js'

/** Test support: events of one customer at offsets from a fixed start. */
export const START = Date.parse('2026-01-01T00:00:00.000Z')
export { DAY, HOUR, MINUTE }

const CALLS = new Set(['page', 'screen', 'identify', 'alias', 'group'])
let seq = 0

export interface EventOptions {
  customerId?: string
  userId?: string | null
  anonymousId?: string | null
  messageId?: string
}

/** An event `offset` ms after START; track events by name, 'page'/'identify'/... as calls. */
export function ev(
  offset: number,
  name: string,
  properties: Record<string, unknown> = {},
  options: EventOptions = {},
): StoredEvent {
  seq += 1
  const call = CALLS.has(name)
  return {
    seq,
    messageId: options.messageId ?? `m-${seq}`,
    customerId: options.customerId ?? 'member-1',
    userId: options.userId === undefined ? (options.customerId ?? 'member-1') : options.userId,
    anonymousId: options.anonymousId ?? null,
    type: call ? name : 'track',
    event: call ? null : name,
    name: null,
    occurredAt: new Date(START + offset),
    properties,
    traits: {},
  }
}

export const at = (offset: number): string => new Date(START + offset).toISOString()

export { random }

// Steps that land on the rules' edges: visit gap, cart hour, cancel day, browsing window, silences.
const GAPS = [
  0,
  MINUTE,
  30 * MINUTE,
  31 * MINUTE,
  HOUR,
  HOUR + 1,
  23 * HOUR,
  24 * HOUR,
  25 * HOUR,
  3 * DAY,
  30 * DAY,
]
const RARE_GAPS = [89 * DAY, 90 * DAY, 335 * DAY, 365 * DAY]

export function randomStream(
  seed: number,
  customerId = 'member-1',
  anonymousId = 'b-1',
): { events: StoredEvent[]; asOf: number } {
  const next = random(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const events: StoredEvent[] = []
  let t = 0
  const count = 20 + Math.floor(next() * 180)
  // A window shopper mostly visits, days apart: browsing_not_buying needs that.
  const shopper = next() < 0.4
  for (let i = 0; i < count; i++) {
    t += next() < 0.03 ? pick(RARE_GAPS) : shopper ? pick([31 * MINUTE, DAY, 3 * DAY, 6 * DAY]) : pick(GAPS)
    if (shopper && next() < 0.9) {
      events.push(
        ev(t, 'page', {}, next() < 0.3 ? { userId: null, customerId, anonymousId } : { customerId }),
      )
      continue
    }
    const order = `o-${Math.floor(next() * 4)}`
    const cart = { cart_id: `c-${Math.floor(next() * 3)}`, product_id: pick(['p-1', 'p-2']), price: 1000 }
    const anonymous = next() < 0.2 ? { userId: null, customerId, anonymousId } : {}
    const [name, props]: [string, Record<string, unknown>] = pick([
      ['page', {}],
      ['page', {}],
      ['Product Viewed', {}],
      ['Product Added', { ...cart, quantity: pick([1, 2]) }],
      ['Product Removed', next() < 0.5 ? cart : { ...cart, quantity: 1 }],
      ['Checkout Started', { cart_id: cart.cart_id }],
      ['Order Completed', { order_id: order, total: 20000, currency: 'KRW' }],
      [
        'Order Cancelled',
        { order_id: order, reason: pick([undefined, 'customer_request', 'out_of_stock', 'fraud']) },
      ],
      ['Order Refunded', { order_id: order, total: 5000 }],
      ['Return Requested', { order_id: order }],
      ['Product Reviewed', { review_id: `r-${i}`, rating: pick([1, 2, 3, 5]) }],
      ['Signed In', {}],
    ] as const)
    const shopSide = name.startsWith('Order C') || name.startsWith('Order R')
    events.push(ev(t, name, props, shopSide ? { customerId } : { customerId, ...anonymous }))
  }
  return { events, asOf: START + t + pick([0, 59 * MINUTE, HOUR, 100 * DAY, 400 * DAY]) }
}
