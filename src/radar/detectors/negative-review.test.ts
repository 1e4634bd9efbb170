import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DAY, ev } from './fixtures.js'
import { detectCustomer } from './replay.js'

const asOf = Date.parse('2027-01-01T00:00:00.000Z')
const reviews = (...events: ReturnType<typeof ev>[]) =>
  detectCustomer('member-1', events, asOf).filter((s) => s.kind === 'negative_review')

describe('negative_review', () => {
  it('fires on a rating of 2 keyed by review_id, valued at the trailing spend', () => {
    const order = ev(0, 'Order Completed', { order_id: 'o-1', total: 40000, currency: 'KRW' })
    const review = ev(DAY, 'Product Reviewed', { review_id: 'r-1', rating: 2 })
    const [signal] = reviews(order, review)
    assert.equal(signal?.key, 'r-1')
    assert.equal(signal?.valueAtStake, 40000)
    assert.equal(signal?.currency, 'KRW')
  })
  it('reads the rating "2" sent as text (ingestion makes it 2) and keys by message id without review_id', () => {
    const review = ev(DAY, 'Product Reviewed', { rating: '2' }, { messageId: 'msg-7' })
    assert.deepEqual(
      reviews(review).map((s) => s.key),
      ['msg-7'],
    )
  })
  it('ignores a rating of 3 and signals a review once', () => {
    const signals = reviews(
      ev(DAY, 'Product Reviewed', { review_id: 'r-1', rating: 3 }),
      ev(DAY, 'Product Reviewed', { review_id: 'r-2', rating: 1 }),
      ev(2 * DAY, 'Product Reviewed', { review_id: 'r-2', rating: 1 }),
    )
    assert.deepEqual(
      signals.map((s) => [s.key, s.valueAtStake]),
      [['r-2', 0]],
    )
  })
})
