import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventMatches, eventRuleSchema } from './event-rules.js'

const order = { order_id: 'A-1', total: '120000', currency: 'KRW', products: [{ category: 'shoes' }] }

test('every rule must hold on the event, numbers compare as numbers even when sent as text', () => {
  assert.equal(eventMatches([], order), true)
  assert.equal(eventMatches([{ property: 'total', op: '>=', value: 100_000 }], order), true)
  assert.equal(eventMatches([{ property: 'total', op: '<', value: 100_000 }], order), false)
  assert.equal(
    eventMatches(
      [
        { property: 'currency', op: '=', value: 'KRW' },
        { property: 'products.0.category', op: '=', value: 'shoes' },
      ],
      order,
    ),
    true,
  )
  assert.equal(eventMatches([{ property: 'currency', op: '=', value: 'USD' }], order), false)
})

test('a property the event lacks matches only !=', () => {
  assert.equal(eventMatches([{ property: 'coupon', op: '=', value: 'WELCOME' }], order), false)
  assert.equal(eventMatches([{ property: 'coupon', op: '!=', value: 'WELCOME' }], order), true)
  assert.equal(eventMatches([{ property: 'discount', op: '>', value: 0 }], order), false)
  assert.equal(eventMatches([{ property: 'products.3.category', op: '!=', value: 'x' }], order), true)
})

test('a rule that compares text by size, or names no property, is refused', () => {
  assert.deepEqual(
    eventRuleSchema.safeParse({ property: 'currency', op: '>', value: 'KRW' }).error?.issues[0]?.path,
    ['op'],
  )
  assert.deepEqual(
    eventRuleSchema.safeParse({ property: 'a..b', op: '=', value: 1 }).error?.issues[0]?.path,
    ['property'],
  )
})
