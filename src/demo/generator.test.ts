import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type RawMessage, validateMessage } from '../events/message.js'
import { DEMO_BATCH_SIZE, demoWindow, generateDemoShop } from './generator.js'
import { RADAR_KINDS } from './ground-truth.js'
import { createTruthCollector } from './truth-collector.js'

const SMALL_SHOP = { customers: 300, days: 400, seed: 7 }

function collect(options: Parameters<typeof generateDemoShop>[0]): {
  batches: RawMessage[][]
  messages: RawMessage[]
} {
  const batches = [...generateDemoShop(options)]
  return { batches, messages: batches.flat() }
}

const shop = collect(SMALL_SHOP)

test('the same seed gives byte-identical messages; another seed gives another shop', () => {
  const again = collect(SMALL_SHOP)
  assert.equal(JSON.stringify(again.messages), JSON.stringify(shop.messages))
  const other = collect({ ...SMALL_SHOP, seed: 8 })
  assert.notEqual(JSON.stringify(other.messages), JSON.stringify(shop.messages))
})

test('every message passes validateMessage, in batches of at most 500', () => {
  for (const batch of shop.batches) assert.ok(batch.length > 0 && batch.length <= DEMO_BATCH_SIZE)
  shop.messages.forEach((message, index) => {
    const outcome = validateMessage(message, index, '2000-01-01T00:00:00.000Z')
    assert.ok(outcome.ok, outcome.ok ? '' : JSON.stringify(outcome.problem))
  })
})

test('timestamps never go back and stay inside the demo window', () => {
  const { start, end } = demoWindow(SMALL_SHOP)
  let last = start
  for (const message of shop.messages) {
    const at = Date.parse(String(message.timestamp))
    assert.ok(at >= last, `${message.messageId} goes back in time`)
    last = at
  }
  assert.ok(last < end)
})

test('message ids are unique: the shop’s own demo-<seed>-<n> in stream order, an order’s care demo-<seed>-<order>-<k>', () => {
  const care = new Set(['Shipment Updated', 'Return Received', 'Support Contacted'])
  const own = shop.messages.filter((m) => !care.has(String(m.event)))
  own.forEach((message, n) => {
    assert.equal(message.messageId, `demo-${SMALL_SHOP.seed}-${n}`)
  })
  for (const message of shop.messages.filter((m) => care.has(String(m.event))))
    assert.match(String(message.messageId), /^demo-7-order-\d{7}-\d+$/)
  assert.equal(new Set(shop.messages.map((m) => m.messageId)).size, shop.messages.length)
})

test('the shop is a Korean fashion shop: KRW whole-won orders, Asia/Seoul members', () => {
  const orders = shop.messages.filter((m) => m.event === 'Order Completed')
  assert.ok(orders.length > 50)
  for (const order of orders) {
    const props = order.properties as { currency: string; total: number; products: unknown[] }
    assert.equal(props.currency, 'KRW')
    assert.ok(Number.isInteger(props.total) && props.total > 0 && props.products.length > 0)
  }
  const identify = shop.messages.find((m) => m.type === 'identify')
  assert.equal((identify?.traits as { timezone?: string } | undefined)?.timezone, 'Asia/Seoul')
})

test('a small shop has every kind of missed customer except coupon_expiring_unused', () => {
  const collector = createTruthCollector(demoWindow(SMALL_SHOP).asOf)
  for (const message of shop.messages) collector.observe(message)
  const counts = new Map<string, number>()
  for (const o of collector.occurrences()) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1)
  for (const kind of RADAR_KINDS) {
    if (kind === 'coupon_expiring_unused') assert.equal(counts.get(kind) ?? 0, 0)
    else assert.ok((counts.get(kind) ?? 0) >= 1, `no ${kind} in the small shop`)
  }
})

test('a demo ending in the middle of a day keeps to UTC days: whole days, then the last one cut short', () => {
  const end = new Date('2031-03-15T13:45:12.345Z')
  assert.deepEqual(demoWindow({ days: 3, end }), {
    start: Date.parse('2031-03-13T00:00:00.000Z'),
    end: end.getTime(),
    asOf: end.getTime(),
  })
  // An end at midnight is the end of whole days, as before.
  const midnight = new Date('2026-11-01T00:00:00.000Z')
  assert.equal(demoWindow({ days: 400, end: midnight }).start, midnight.getTime() - 400 * 86_400_000)
  const messages = collect({ customers: 60, days: 30, seed: 7, end }).messages
  const times = messages.map((m) => Date.parse(String(m.timestamp)))
  assert.ok(Math.max(...times) < end.getTime(), 'nothing happens after the end')
  assert.ok(Math.min(...times) >= Date.parse('2031-02-14T00:00:00.000Z'))
})
