import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buyerSegment, quantile, spendBandCuts, spendBandOf, triggerKindOf } from './report-segments.js'

test('a trigger kind names the signal kind or event name behind the entry', () => {
  const none = { signalKind: null, eventName: null }
  assert.equal(triggerKindOf('signal:42', { ...none, signalKind: 'cart_abandoned' }), 'signal cart_abandoned')
  assert.equal(triggerKindOf('event:m-1', { ...none, eventName: 'Order Completed' }), 'event Order Completed')
  assert.equal(triggerKindOf('segment:2026-11-02T01:00:00.000Z', none), 'segment')
  assert.equal(triggerKindOf('signal:42', none), 'signal', 'an old enrolment without the kind')
})

test('buyers are none, new (one order) or repeat (two or more) by their orders before exposure', () => {
  assert.deepEqual([0, 1, 2, 9].map(buyerSegment), ['none', 'new', 'repeat', 'repeat'])
})

test("spend bands split buyers at R's type-7 tertiles; who never spent is its own band", () => {
  // R: quantile(c(10, 20, 30, 40, 50, 60, 70), c(1/3, 2/3)) → 30, 50
  const cuts = spendBandCuts([0, 70, 10, 20, 30, 0, 40, 50, 60])
  assert.deepEqual(cuts, { low: 30, high: 50 })
  // R: quantile(c(1, 2, 3, 4), 1/3) → 2
  assert.equal(quantile([1, 2, 3, 4], 1 / 3), 2)
  assert.deepEqual(
    [0, 10, 30, 31, 50, 51].map((s) => spendBandOf(s, cuts)),
    ['none', 'low', 'low', 'middle', 'middle', 'high'],
  )
  assert.equal(spendBandCuts([0, 0]), null)
  assert.equal(spendBandOf(100, null), 'none')
})
