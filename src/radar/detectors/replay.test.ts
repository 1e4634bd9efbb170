import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StoredEvent } from '../../events/index.js'
import { DAY, ev, HOUR, MINUTE, START } from './fixtures.js'
import { advanceTo, type CustomerRun, detectCustomer, feedEvent, newCustomerRun } from './replay.js'
import type { Signal } from './types.js'

/** mulberry32: a small seeded generator, so a failing seed can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

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

function randomStream(seed: number): { events: StoredEvent[]; asOf: number } {
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
      events.push(ev(t, 'page', {}, next() < 0.3 ? { userId: null, anonymousId: 'b-1' } : {}))
      continue
    }
    const order = `o-${Math.floor(next() * 4)}`
    const cart = { cart_id: `c-${Math.floor(next() * 3)}`, product_id: pick(['p-1', 'p-2']), price: 1000 }
    const anonymous = next() < 0.2 ? { userId: null, anonymousId: 'b-1' } : {}
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
    events.push(ev(t, name, props, shopSide ? {} : anonymous))
  }
  return { events, asOf: START + t + pick([0, 59 * MINUTE, HOUR, 100 * DAY, 400 * DAY]) }
}

/** The same stream fed event by event, with clock ticks between events and restarts from JSON. */
function chunked(events: StoredEvent[], asOf: number, seed: number): Signal[] {
  const next = random(seed ^ 0x5bd1e995)
  let run: CustomerRun = newCustomerRun('member-1')
  const signals: Signal[] = []
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as StoredEvent
    signals.push(...feedEvent(run, e))
    const following = events[i + 1]?.occurredAt.getTime() ?? asOf + 1
    const now = e.occurredAt.getTime()
    // The clock ticks somewhere before the next event arrives.
    if (next() < 0.3 && following - now > 1)
      signals.push(...advanceTo(run, now + Math.floor(next() * (following - now))))
    if (next() < 0.2) run = JSON.parse(JSON.stringify(run)) as CustomerRun
  }
  signals.push(...advanceTo(run, asOf))
  return signals
}

describe('detectors over random streams', () => {
  it('give the same signals fed event by event with restarts as in one pass', () => {
    const kinds = new Set<string>()
    for (let seed = 1; seed <= 300; seed++) {
      const { events, asOf } = randomStream(seed)
      const once = detectCustomer('member-1', events, asOf)
      const incremental = chunked(events, asOf, seed)
      assert.deepEqual(incremental, once, `seed ${seed}: chunked and one-pass signals differ`)
      const keys = once.map((s) => `${s.kind}/${s.key}`)
      assert.equal(new Set(keys).size, keys.length, `seed ${seed}: a (kind, key) signalled twice`)
      for (const s of once) kinds.add(s.kind)
    }
    assert.equal(kinds.size, 8, `the streams should exercise every kind (got ${[...kinds].join(', ')})`)
  })
})
