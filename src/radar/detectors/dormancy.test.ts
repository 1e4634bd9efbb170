import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { at, DAY, ev, START } from './fixtures.js'
import { fireTimer, newCustomerState, stepCustomer } from './index.js'
import { detectCustomer } from './replay.js'

const order = ev(0, 'Order Completed', { order_id: 'o-1', total: 50000, currency: 'KRW' })
const silences = (events: ReturnType<typeof ev>[], asOfOffset: number) =>
  detectCustomer('member-1', events, START + asOfOffset)
    .filter((s) => s.kind === 'dormant' || s.kind === 'dormant_soon')
    .map((s) => `${s.kind}@${s.key}`)

describe('dormant_soon / dormant', () => {
  it('at 334 days of silence nothing, at 335 dormant_soon, at 365 both', () => {
    assert.deepEqual(silences([order], 334 * DAY), [])
    assert.deepEqual(silences([order], 335 * DAY), [`dormant_soon@${at(335 * DAY)}`])
    assert.deepEqual(silences([order], 365 * DAY), [
      `dormant_soon@${at(335 * DAY)}`,
      `dormant@${at(365 * DAY)}`,
    ])
  })
  it('values the silence at the spend of the year before it', () => {
    const [signal] = detectCustomer('member-1', [order], START + 335 * DAY)
    assert.equal(signal?.valueAtStake, 50000)
    assert.equal(signal?.currency, 'KRW')
  })
  it('never makes a customer without an order dormant', () => {
    assert.deepEqual(silences([ev(0, 'Signed In'), ev(DAY, 'identify')], 800 * DAY), [])
  })
  it('is restarted by identified activity only, not by signed-out browsing or the shop', () => {
    const events = [
      order,
      ev(100 * DAY, 'page', {}, { userId: null, anonymousId: 'b-1' }),
      ev(200 * DAY, 'Order Refunded', { order_id: 'o-1' }),
      ev(340 * DAY, 'Signed In'),
    ]
    assert.deepEqual(silences(events, 710 * DAY), [
      `dormant_soon@${at(335 * DAY)}`,
      `dormant_soon@${at(675 * DAY)}`,
      `dormant@${at(705 * DAY)}`,
    ])
  })
  it('ignores a superseded silence timer', () => {
    const first = stepCustomer(newCustomerState('member-1'), order)
    const second = stepCustomer(first.state, ev(10 * DAY, 'Signed In'))
    const stale = first.timers.find((t) => t.kind === 'dormant')
    assert.ok(stale, 'the order set a dormant timer')
    assert.equal(fireTimer(second.state, stale).signals.length, 0)
  })
})
