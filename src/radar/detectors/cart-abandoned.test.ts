import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { at, ev, HOUR, MINUTE, START } from './fixtures.js'
import { fireTimer, newCustomerState, stepCustomer } from './index.js'
import { detectCustomer } from './replay.js'

const add = (offset: number, props: Record<string, unknown> = {}) =>
  ev(offset, 'Product Added', { cart_id: 'c-1', product_id: 'p-1', price: 39000, currency: 'KRW', ...props })
const carts = (events: ReturnType<typeof ev>[], asOfOffset: number) =>
  detectCustomer('member-1', events, START + asOfOffset).filter((s) => s.kind === 'cart_abandoned')

describe('cart_abandoned', () => {
  it("takes a platform's checkout snapshot as the whole cart (Checkout Updated)", () => {
    const checkout = (offset: number, products: Record<string, unknown>[]) =>
      ev(offset, 'Checkout Updated', { cart_id: 'shopify:t-1', products, value: 1, currency: 'USD' })
    const events = [
      checkout(0, [
        { product_id: 'p-1', price: 20, quantity: 1 },
        { product_id: 'p-2', price: 5, quantity: 4 },
      ]),
      // The customer took p-2 out on the platform: the next snapshot no longer lists it.
      checkout(10 * MINUTE, [{ product_id: 'p-1', price: 20, quantity: 2 }]),
    ]
    const [signal] = carts(events, 71 * MINUTE)
    assert.equal(signal?.key, 'shopify:t-1')
    assert.equal(signal?.valueAtStake, 40)
    assert.equal(signal?.currency, 'USD')
    assert.equal(carts([...events, checkout(20 * MINUTE, [])], 10 * HOUR).length, 0, 'an emptied checkout')
  })
  it('fires an hour after the last change, valued at the cart', () => {
    const events = [add(0), add(10 * MINUTE, { quantity: 2 })]
    const [signal, ...rest] = carts(events, 10 * MINUTE + 61 * MINUTE)
    assert.equal(rest.length, 0, 'one signal per cart')
    assert.equal(signal?.key, 'c-1')
    assert.equal(signal?.at, at(70 * MINUTE))
    assert.equal(signal?.valueAtStake, 3 * 39000)
    assert.equal(signal?.currency, 'KRW')
    assert.deepEqual(
      signal?.evidence,
      events.map((e) => e.messageId),
    )
  })
  it('waits: idle 59 minutes is not abandoned yet, 60 is', () => {
    assert.equal(carts([add(0)], 59 * MINUTE).length, 0)
    assert.equal(carts([add(0)], 60 * MINUTE).length, 1)
  })
  it('never fires for a cart emptied by Product Removed (no quantity: the whole line)', () => {
    const events = [
      add(0, { quantity: 3 }),
      ev(5 * MINUTE, 'Product Removed', { cart_id: 'c-1', product_id: 'p-1' }),
    ]
    assert.equal(carts(events, 10 * HOUR).length, 0)
  })
  it('keeps a cart with items left after a partial removal', () => {
    const events = [
      add(0, { quantity: 3 }),
      ev(5 * MINUTE, 'Product Removed', { cart_id: 'c-1', product_id: 'p-1', quantity: 2 }),
    ]
    assert.equal(carts(events, 10 * HOUR)[0]?.valueAtStake, 39000)
  })
  it('never fires when an order is completed within the hour after the last change', () => {
    const events = [
      add(0),
      add(30 * MINUTE),
      ev(90 * MINUTE, 'Order Completed', { order_id: 'o-1', total: 1 }),
    ]
    assert.equal(carts(events, 10 * HOUR).length, 0)
  })
  it('counts an order at exactly the hour as in time, a later order as the win-back', () => {
    const onTheHour = [add(0), ev(HOUR, 'Order Completed', { order_id: 'o-1' })]
    assert.equal(carts(onTheHour, 10 * HOUR).length, 0)
    const later = [add(0), ev(HOUR + 1, 'Order Completed', { order_id: 'o-1' })]
    assert.equal(carts(later, 10 * HOUR).length, 1)
  })
  it('a change at exactly the hour keeps the cart alive; a resumed, abandoned-again cart is one signal', () => {
    assert.equal(carts([add(0), add(HOUR)], HOUR + 59 * MINUTE).length, 0)
    const signals = carts([add(0), add(3 * HOUR), add(6 * HOUR)], 10 * HOUR)
    assert.deepEqual(
      signals.map((s) => s.at),
      [at(HOUR)],
    )
  })
  it('ignores an out-of-date timer for a cart changed since', () => {
    const first = stepCustomer(newCustomerState('member-1'), add(0))
    const second = stepCustomer(first.state, add(30 * MINUTE))
    const stale = first.timers[0]
    assert.ok(stale, 'the first change set a timer')
    assert.equal(fireTimer(second.state, stale).signals.length, 0)
    const current = second.timers[0]
    assert.ok(current, 'the second change set a new timer')
    assert.equal(current.dueAt, START + 90 * MINUTE)
    const fired = fireTimer(second.state, current)
    assert.equal(fired.signals.length, 1)
    assert.equal(fireTimer(fired.state, current).signals.length, 0, 'a timer fired twice signals once')
  })
  it('signals nothing for an anonymous visitor not yet identified', () => {
    const anon = { customerId: 'anon:b-1', userId: null, anonymousId: 'b-1' }
    const step = stepCustomer(newCustomerState('anon:b-1'), ev(0, 'Product Added', { cart_id: 'c-9' }, anon))
    assert.equal(step.timers.length, 0)
  })
})
