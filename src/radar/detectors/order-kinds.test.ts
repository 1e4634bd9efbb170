import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { at, DAY, ev, HOUR } from './fixtures.js'
import { detectCustomer } from './replay.js'
import type { DetectorKind } from './types.js'

const paid = (offset = 0, order = 'o-1') =>
  ev(offset, 'Order Completed', { order_id: order, total: 59000, currency: 'KRW' })
const asOf = Date.parse(at(400 * DAY))
const kinds = (events: Parameters<typeof detectCustomer>[1], kind: DetectorKind) =>
  detectCustomer('member-1', events, asOf).filter((s) => s.kind === kind)

describe('cancelled_after_payment', () => {
  it('fires for a customer cancel 23 h after payment, valued at the order total', () => {
    const cancel = ev(23 * HOUR, 'Order Cancelled', { order_id: 'o-1', reason: 'customer_request' })
    const [signal, ...rest] = kinds([paid(), cancel], 'cancelled_after_payment')
    assert.equal(rest.length, 0, 'one signal per order')
    assert.deepEqual(signal, {
      kind: 'cancelled_after_payment',
      customerId: 'member-1',
      key: 'o-1',
      at: at(23 * HOUR),
      evidence: [signal?.evidence[0], cancel.messageId],
      valueAtStake: 59000,
      currency: 'KRW',
    })
  })
  it('counts a cancel at exactly 24 h, and one with no reason', () => {
    assert.equal(
      kinds([paid(), ev(24 * HOUR, 'Order Cancelled', { order_id: 'o-1' })], 'cancelled_after_payment')
        .length,
      1,
    )
  })
  it('ignores a cancel 25 h after payment', () => {
    const cancel = ev(25 * HOUR, 'Order Cancelled', { order_id: 'o-1', reason: 'customer_request' })
    assert.equal(kinds([paid(), cancel], 'cancelled_after_payment').length, 0)
  })
  it('ignores the shop’s reasons and unpaid orders', () => {
    const events = [
      paid(),
      ev(HOUR, 'Order Cancelled', { order_id: 'o-1', reason: 'fraud' }),
      ev(HOUR, 'Order Cancelled', { order_id: 'o-2', reason: 'customer_request' }),
    ]
    assert.equal(kinds(events, 'cancelled_after_payment').length, 0)
  })
})

describe('returned', () => {
  it('fires once on a return request, then its refund adds nothing', () => {
    const events = [
      paid(),
      ev(3 * DAY, 'Return Requested', { order_id: 'o-1' }),
      ev(5 * DAY, 'Order Refunded', { order_id: 'o-1', total: 59000 }),
    ]
    const signals = kinds(events, 'returned')
    assert.equal(signals.length, 1, 'one signal per order')
    assert.equal(signals[0]?.at, at(3 * DAY))
  })
  it('fires on a partial refund of a paid order not cancelled', () => {
    const refund = ev(2 * DAY, 'Order Refunded', {
      order_id: 'o-1',
      products: [{ product_id: 'p', price: 9000 }],
    })
    assert.equal(kinds([paid(), refund], 'returned').length, 1)
  })
  it('does not treat the money back of a cancellation as a return', () => {
    const events = [
      paid(),
      ev(DAY, 'Order Cancelled', { order_id: 'o-1', reason: 'out_of_stock' }),
      ev(2 * DAY, 'Order Refunded', { order_id: 'o-1', total: 59000 }),
    ]
    assert.equal(kinds(events, 'returned').length, 0)
  })
  it('ignores a return of an order never paid', () => {
    assert.equal(kinds([ev(DAY, 'Return Requested', { order_id: 'o-9' })], 'returned').length, 0)
  })
})

describe('out_of_stock', () => {
  it('fires on a partial out-of-stock cancel of a paid order', () => {
    const cancel = ev(3 * DAY, 'Order Cancelled', {
      order_id: 'o-1',
      reason: 'out_of_stock',
      products: [{ product_id: 'p-1' }],
    })
    const signals = kinds([paid(), cancel], 'out_of_stock')
    assert.equal(signals.length, 1, 'one signal')
    assert.equal(signals[0]?.valueAtStake, 59000)
    assert.equal(kinds([paid(), cancel], 'cancelled_after_payment').length, 0)
  })
  it('ignores an out-of-stock cancel of an unpaid order', () => {
    const cancel = ev(DAY, 'Order Cancelled', { order_id: 'o-1', reason: 'out_of_stock' })
    assert.equal(kinds([cancel], 'out_of_stock').length, 0)
  })
})
