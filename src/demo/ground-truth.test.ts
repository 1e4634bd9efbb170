import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  browsingNotBuying,
  type CustomerEvent,
  cancelledAfterPayment,
  cartsAbandoned,
  dormancy,
  missedCustomer,
  negativeReviews,
  outOfStock,
  RULES,
  returned,
  visitStarts,
} from './ground-truth.js'
import { createTruthCollector } from './truth-collector.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const T0 = Date.parse('2026-01-01T00:00:00.000Z')

function ev(at: number, name: string, extra: Partial<CustomerEvent> = {}): CustomerEvent {
  return { at, name, identified: true, ...extra }
}
const paid = (at: number, orderId = 'o1'): CustomerEvent => ev(at, 'Order Completed', { orderId })
const keys = (findings: Array<{ key: string }>): string[] => findings.map((f) => f.key)

test('a customer cancel 23 h after payment is cancelled_after_payment; 25 h after is not', () => {
  const at23 = [
    paid(T0),
    ev(T0 + 23 * HOUR, 'Order Cancelled', { orderId: 'o1', reason: 'customer_request' }),
  ]
  const at25 = [
    paid(T0),
    ev(T0 + 25 * HOUR, 'Order Cancelled', { orderId: 'o1', reason: 'customer_request' }),
  ]
  assert.deepEqual(keys(cancelledAfterPayment(at23)), ['o1'])
  assert.deepEqual(keys(cancelledAfterPayment(at25)), [])
})

test('a cancel with no reason counts as the customer’s; exactly 24 h counts; other reasons do not', () => {
  assert.deepEqual(
    keys(cancelledAfterPayment([paid(T0), ev(T0 + 24 * HOUR, 'Order Cancelled', { orderId: 'o1' })])),
    ['o1'],
  )
  for (const reason of ['out_of_stock', 'payment_failed', 'fraud', 'other'])
    assert.deepEqual(
      keys(cancelledAfterPayment([paid(T0), ev(T0 + HOUR, 'Order Cancelled', { orderId: 'o1', reason })])),
      [],
    )
})

test('a cancel of an order never paid is not cancelled_after_payment', () => {
  assert.deepEqual(keys(cancelledAfterPayment([ev(T0, 'Order Cancelled', { orderId: 'o9' })])), [])
})

test('a return request or a refund of a paid order is one returned occurrence per order', () => {
  const events = [
    paid(T0),
    ev(T0 + 5 * DAY, 'Return Requested', { orderId: 'o1' }),
    ev(T0 + 9 * DAY, 'Order Refunded', { orderId: 'o1' }),
    paid(T0, 'o2'),
    ev(T0 + 3 * DAY, 'Order Refunded', { orderId: 'o2' }),
  ].sort((a, b) => a.at - b.at)
  assert.deepEqual(
    returned(events).map((f) => [f.key, f.at]),
    [
      ['o2', T0 + 3 * DAY],
      ['o1', T0 + 5 * DAY],
    ],
  )
})

test('the refund of a cancelled order is the money back, not a return', () => {
  const events = [
    paid(T0),
    ev(T0 + DAY, 'Order Cancelled', { orderId: 'o1', reason: 'out_of_stock' }),
    ev(T0 + 2 * DAY, 'Order Refunded', { orderId: 'o1' }),
  ]
  assert.deepEqual(keys(returned(events)), [])
  assert.deepEqual(keys(outOfStock(events)), ['o1'])
})

test('out_of_stock needs a paid order and fires once per order', () => {
  const events = [
    paid(T0),
    ev(T0 + DAY, 'Order Cancelled', { orderId: 'o1', reason: 'out_of_stock' }),
    ev(T0 + 2 * DAY, 'Order Cancelled', { orderId: 'o1', reason: 'out_of_stock' }),
    ev(T0 + DAY, 'Order Cancelled', { orderId: 'unpaid', reason: 'out_of_stock' }),
  ]
  assert.deepEqual(keys(outOfStock(events)), ['o1'])
})

const added = (at: number, cartId = 'c1', productId = 'p1', quantity = 1): CustomerEvent =>
  ev(at, 'Product Added', { cartId, productId, quantity })

test('a cart last changed 61 min before asOf is abandoned; 59 min before is not yet', () => {
  const asOf = T0 + 10 * HOUR
  assert.deepEqual(keys(cartsAbandoned([added(asOf - 61 * MINUTE)], asOf)), ['c1'])
  assert.deepEqual(keys(cartsAbandoned([added(asOf - 59 * MINUTE)], asOf)), [])
})

test('a cart emptied by Product Removed is not abandoned', () => {
  const events = [
    added(T0, 'c1', 'p1', 2),
    ev(T0 + 5 * MINUTE, 'Product Removed', { cartId: 'c1', productId: 'p1', quantity: 2 }),
  ]
  assert.deepEqual(keys(cartsAbandoned(events, T0 + DAY)), [])
  const partly = [
    added(T0, 'c1', 'p1', 2),
    ev(T0 + 5 * MINUTE, 'Product Removed', { cartId: 'c1', productId: 'p1', quantity: 1 }),
  ]
  assert.deepEqual(keys(cartsAbandoned(partly, T0 + DAY)), ['c1'])
  const noQuantity = [
    added(T0, 'c1', 'p1', 3),
    ev(T0 + 5 * MINUTE, 'Product Removed', { cartId: 'c1', productId: 'p1' }),
  ]
  assert.deepEqual(keys(cartsAbandoned(noQuantity, T0 + DAY)), [])
})

test('an order completed within the hour after the last cart change means no abandonment', () => {
  const events = [
    added(T0),
    ev(T0 + 2 * MINUTE, 'Checkout Started', { cartId: 'c1', orderId: 'o1' }),
    paid(T0 + 5 * MINUTE),
  ]
  assert.deepEqual(keys(cartsAbandoned(events, T0 + DAY)), [])
  // Paid only after the hour: the cart was abandoned first (the order then wins the customer back).
  assert.deepEqual(keys(cartsAbandoned([added(T0), paid(T0 + 2 * HOUR)], T0 + DAY)), ['c1'])
})

test('a cart resumed within the hour is judged after its last change, and only once', () => {
  const events = [added(T0), added(T0 + 50 * MINUTE, 'c1', 'p2'), added(T0 + 5 * HOUR, 'c1', 'p3')]
  const found = cartsAbandoned(events, T0 + DAY)
  assert.deepEqual(found, [{ key: 'c1', at: T0 + 50 * MINUTE + HOUR }])
})

test('an anonymous cart counts once the visitor is identified, and not before', () => {
  const asOf = T0 + 30 * DAY
  const collector = createTruthCollector(asOf)
  const at = (t: number): string => new Date(t).toISOString()
  collector.observe({ type: 'page', anonymousId: 'a1', timestamp: at(T0), name: 'Home' })
  collector.observe({
    type: 'track',
    anonymousId: 'a1',
    event: 'Product Added',
    timestamp: at(T0 + MINUTE),
    properties: { cart_id: 'c1', product_id: 'p1', quantity: 1 },
  })
  collector.observe({
    type: 'track',
    anonymousId: 'a2',
    event: 'Product Added',
    timestamp: at(T0 + MINUTE),
    properties: { cart_id: 'c2', product_id: 'p1' },
  })
  assert.deepEqual(collector.occurrences(), [])
  collector.observe({
    type: 'identify',
    userId: 'u1',
    anonymousId: 'a1',
    timestamp: at(T0 + 3 * DAY),
    traits: {},
  })
  assert.deepEqual(
    collector.occurrences().map((o) => [o.kind, o.customerId, o.key]),
    [['cart_abandoned', 'u1', 'c1']],
  )
})

test('ratings of 2 or less are negative, as numbers or as text', () => {
  const events = [
    ev(T0, 'Product Reviewed', { rating: '2', reviewId: 'r1' }),
    ev(T0, 'Product Reviewed', { rating: 1, reviewId: 'r2' }),
    ev(T0, 'Product Reviewed', { rating: 3, reviewId: 'r3' }),
    ev(T0, 'Product Reviewed', { rating: '4.5', reviewId: 'r4' }),
    ev(T0, 'Product Reviewed', { rating: 2.5, reviewId: 'r5' }),
  ]
  assert.deepEqual(keys(negativeReviews(events)), ['r1', 'r2'])
})

test('views 30 minutes apart are one visit; 31 minutes apart are two', () => {
  const views = [
    ev(T0, 'page'),
    ev(T0 + 30 * MINUTE, 'Product Viewed'),
    ev(T0 + 61 * MINUTE, 'page'),
    ev(T0 + 62 * MINUTE, 'Signed In'),
  ]
  assert.deepEqual(visitStarts(views), [T0, T0 + 61 * MINUTE])
})

/** `count` visits, one a day apart starting at `from`. */
function dailyVisits(count: number, from: number, every = DAY): CustomerEvent[] {
  return Array.from({ length: count }, (_, i) => ev(from + i * every, 'page'))
}

test('exactly 15 visits within 90 days and no order is browsing_not_buying; 14 are not', () => {
  const asOf = T0 + 200 * DAY
  assert.deepEqual(browsingNotBuying(dailyVisits(15, T0), asOf), [
    { key: new Date(T0 + 14 * DAY).toISOString(), at: T0 + 14 * DAY },
  ])
  assert.deepEqual(browsingNotBuying(dailyVisits(14, T0), asOf), [])
  // The first and the 15th visit exactly 90 days apart: the window (T - 90 d, T] holds only 14.
  assert.deepEqual(browsingNotBuying(dailyVisits(15, T0, (90 * DAY) / 14), asOf), [])
})

test('browsing_not_buying waits for the last order to leave the window, and re-arms after an order', () => {
  const asOf = T0 + 400 * DAY
  const events = [paid(T0 + 10 * DAY), ...dailyVisits(20, T0 + 20 * DAY)].sort((a, b) => a.at - b.at)
  // 20 visits, but an order 10 days before them: true only when the order leaves the window.
  const found = browsingNotBuying(events, asOf)
  assert.equal(found.length, 1)
  assert.equal(found[0]?.at, T0 + 100 * DAY)

  const again = [...dailyVisits(20, T0), paid(T0 + 30 * DAY), ...dailyVisits(20, T0 + 200 * DAY)].sort(
    (a, b) => a.at - b.at,
  )
  assert.deepEqual(
    browsingNotBuying(again, asOf).map((f) => f.at),
    [T0 + 14 * DAY, T0 + 200 * DAY + 14 * DAY],
  )
  // Without an order in between, a second burst of visits is the same episode.
  const noOrder = [...dailyVisits(20, T0), ...dailyVisits(20, T0 + 200 * DAY)]
  assert.equal(browsingNotBuying(noOrder, asOf).length, 1)
})

test('dormancy: 334 days of silence is nothing, 335 is dormant_soon, 365 is dormant', () => {
  const last = T0
  const events = [paid(T0 - 10 * DAY), ev(last, 'Signed In')]
  for (const [days, soon, dormant] of [
    [334, 0, 0],
    [335, 1, 0],
    [364, 1, 0],
    [365, 1, 1],
  ] as const) {
    const asOf = last + days * DAY
    assert.equal(dormancy(events, asOf, RULES.dormantSoonAfter).length, soon, `${days} days: dormant_soon`)
    assert.equal(dormancy(events, asOf, RULES.dormantAfter).length, dormant, `${days} days: dormant`)
  }
  assert.deepEqual(keys(dormancy(events, last + 400 * DAY, RULES.dormantSoonAfter)), [
    new Date(last + 335 * DAY).toISOString(),
  ])
})

test('a customer with no order is never dormant', () => {
  const events = [ev(T0, 'Signed Up'), ev(T0 + DAY, 'Signed In')]
  assert.deepEqual(dormancy(events, T0 + 800 * DAY, RULES.dormantAfter), [])
})

test('shop-side events and anonymous views do not keep a customer active', () => {
  const events = [
    paid(T0),
    ev(T0 + 100 * DAY, 'Order Refunded', { orderId: 'o1' }),
    ev(T0 + 200 * DAY, 'page', { identified: false }),
  ]
  assert.deepEqual(keys(dormancy(events, T0 + 365 * DAY, RULES.dormantAfter)), [
    new Date(T0 + 365 * DAY).toISOString(),
  ])
  // A signed-in page view does.
  const active = [paid(T0), ev(T0 + 200 * DAY, 'page')]
  assert.deepEqual(dormancy(active, T0 + 365 * DAY, RULES.dormantAfter), [])
})

test('each silence of a year is its own dormancy episode', () => {
  const events = [paid(T0), ev(T0 + 400 * DAY, 'Signed In')]
  assert.equal(dormancy(events, T0 + 800 * DAY, RULES.dormantAfter).length, 2)
})

test('missedCustomer ignores events after asOf and sorts the history itself', () => {
  const events = [ev(T0 + 2 * HOUR, 'Order Cancelled', { orderId: 'o1' }), paid(T0)]
  assert.deepEqual(
    missedCustomer('u1', events, T0 + 3 * HOUR).map((o) => [o.kind, o.key]),
    [['cancelled_after_payment', 'o1']],
  )
  assert.deepEqual(missedCustomer('u1', events, T0 + HOUR), [])
})
