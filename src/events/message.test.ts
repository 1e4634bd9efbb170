import assert from 'node:assert/strict'
import { test } from 'node:test'
import { MAX_EVENT_BYTES, validateMessage } from './message.js'

const at = '2026-11-23T10:00:00.000Z'
const check = (raw: unknown) => validateMessage(raw, 4, at)

test('a valid order is accepted, numeric strings become numbers and ids strings', () => {
  const outcome = check({
    type: 'track',
    userId: 42,
    event: 'Order Completed',
    properties: {
      order_id: 1001,
      total: '39000',
      products: [{ product_id: 'p', price: 39000, quantity: '1' }],
    },
  })
  assert.ok(outcome.ok, 'accepted')
  if (!outcome.ok) return
  assert.equal(outcome.message.userId, '42')
  assert.equal(outcome.message.properties.order_id, '1001')
  assert.equal(outcome.message.properties.total, 39000)
  assert.equal(outcome.message.timestamp, at, 'a missing timestamp is the time received')
})

test('each rule names the index, the field and the problem', () => {
  const cases: [unknown, string, RegExp][] = [
    [{ type: 'track', event: 'Signed In' }, 'userId', /userId or an anonymousId/],
    [{ type: 'track', userId: 'u' }, 'event', /event name/],
    [{ type: 'alias', userId: 'u' }, 'previousId', /previousId/],
    [{ type: 'bogus', userId: 'u' }, 'type', /./],
    [
      {
        type: 'track',
        userId: 'u',
        event: 'Order Cancelled',
        properties: { order_id: 'o', reason: 'bored' },
      },
      'properties.reason',
      /customer_request/,
    ],
    [
      { type: 'track', userId: 'u', event: 'Product Reviewed', properties: { rating: 7 } },
      'properties.rating',
      /1 to 5/,
    ],
    [{ type: 'track', userId: 'u', event: 'Order Refunded', properties: {} }, 'properties.order_id', /id/],
    [{ type: 'track', userId: 'u', event: 'x', timestamp: 'yesterday' }, 'timestamp', /ISO 8601/],
    [
      { type: 'track', userId: 'u', event: 'x', timestamp: '0000-01-01T00:00:00Z' },
      'timestamp',
      /1900 and 2199/,
    ],
    [{ type: 'track', userId: 'u', event: 'x', timestamp: '2200-01-01T00:00:00Z' }, 'timestamp', /1900/],
    [
      { type: 'track', userId: 'u', event: 'x', properties: { s: 'x'.repeat(MAX_EVENT_BYTES) } },
      '(message)',
      /byte limit/,
    ],
    ['not an object', '(message)', /object/],
  ]
  for (const [raw, field, problem] of cases) {
    const outcome = check(raw)
    assert.equal(outcome.ok, false, `${JSON.stringify(raw).slice(0, 80)} is rejected`)
    if (outcome.ok) continue
    assert.equal(outcome.problem.index, 4)
    assert.equal(outcome.problem.field, field)
    assert.match(outcome.problem.problem, problem)
  }
})

test('unknown event names and a rating sent as text are accepted', () => {
  assert.ok(check({ type: 'track', anonymousId: 'a', event: 'Wishlist Shared' }).ok, 'unknown event kept')
  const review = check({ type: 'track', userId: 'u', event: 'Product Reviewed', properties: { rating: '2' } })
  assert.ok(review.ok && review.message.properties.rating === 2, 'rating "2" is the number 2')
})
