import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { at, DAY, ev, MINUTE, START } from './fixtures.js'
import { detectCustomer } from './replay.js'

/** n visits, the first at `from`, the last at `to`, evenly spaced. */
function visits(n: number, from: number, to: number): ReturnType<typeof ev>[] {
  return Array.from({ length: n }, (_, i) => ev(from + Math.round(((to - from) * i) / (n - 1)), 'page'))
}
const browsing = (events: ReturnType<typeof ev>[], asOfOffset = 400 * DAY) =>
  detectCustomer('member-1', events, START + asOfOffset).filter((s) => s.kind === 'browsing_not_buying')

describe('browsing_not_buying', () => {
  it('fires at the 15th visit when the first and last are 89 days apart', () => {
    const signals = browsing(visits(15, 0, 89 * DAY))
    assert.deepEqual(
      signals.map((s) => s.key),
      [at(89 * DAY)],
    )
    assert.equal(signals[0]?.evidence.length, 15)
  })
  it('does not fire for 14 visits, nor for 15 spanning exactly 90 days', () => {
    assert.equal(browsing(visits(14, 0, 80 * DAY)).length, 0)
    assert.equal(browsing(visits(15, 0, 90 * DAY)).length, 0)
  })
  it('counts views 30 minutes apart as one visit, 31 minutes apart as two', () => {
    const sameVisit = visits(15, 0, 80 * DAY).flatMap((v, i) => [
      v,
      ev(v.occurredAt.getTime() - START + 30 * MINUTE, i % 2 ? 'Product Viewed' : 'screen'),
    ])
    assert.equal(browsing(sameVisit.slice(0, 28)).length, 0, '14 visits of two views each')
    const split = visits(8, 0, 80 * DAY).flatMap((v) => [
      v,
      ev(v.occurredAt.getTime() - START + 31 * MINUTE, 'page'),
    ])
    assert.equal(browsing(split).length, 1, '8 × 2 visits')
  })
  it('is kept quiet by an order in the window, and fires when that order leaves it', () => {
    const order = ev(0, 'Order Completed', { order_id: 'o-1', total: 10000 })
    const signals = browsing([order, ...visits(15, DAY, 80 * DAY)])
    assert.deepEqual(
      signals.map((s) => [s.key, s.valueAtStake]),
      [[at(90 * DAY), 10000]],
    )
  })
  it('fires once per episode, again only after an order and 90 quiet days', () => {
    const first = visits(15, 0, 50 * DAY)
    const more = visits(15, 60 * DAY, 100 * DAY)
    const order = ev(110 * DAY, 'Order Completed', { order_id: 'o-1' })
    const again = visits(15, 120 * DAY, 205 * DAY)
    assert.equal(browsing([...first, ...more]).length, 1, 'a new burst without an order is the same episode')
    const signals = browsing([...first, ...more, order, ...again])
    assert.equal(signals.length, 2, 'an order re-arms')
    assert.ok((signals[1]?.at ?? '') > at(200 * DAY), 'the second episode needs 90 days without an order')
  })
})
