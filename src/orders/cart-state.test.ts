import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StoredEvent } from '../events/index.js'
import { applyCartEvent, newCart } from './cart-state.js'

const event = (minute: number, name: string, properties: Record<string, unknown>): StoredEvent =>
  ({
    messageId: `m-${minute}`,
    customerId: 'shopify:1',
    type: 'track',
    event: name,
    occurredAt: new Date(Date.UTC(2026, 10, 1, 10, minute)),
    properties,
  }) as StoredEvent

const snapshot = (minute: number, products: Record<string, unknown>[], url = 'https://shop.example/r/1') =>
  event(minute, 'Checkout Updated', { cart_id: 'shopify:t', products, checkout_url: url })

describe('a cart from a platform checkout (Checkout Updated)', () => {
  it('holds what the latest snapshot lists, with its recovery link', () => {
    let cart = newCart('shopify:t', 'shopify:1', '2026-11-01T10:00:00.000Z')
    cart = applyCartEvent(cart, snapshot(0, [{ product_id: 'a', price: 10, quantity: 1, name: 'Mug' }]))
    cart = applyCartEvent(cart, snapshot(5, [{ product_id: 'b', price: 2.5, quantity: 2 }]))
    assert.deepEqual(Object.keys(cart.items), ['b'])
    assert.equal(cart.value, 5)
    assert.equal(cart.item_count, 2)
    assert.equal(cart.checkout_url, 'https://shop.example/r/1')
    assert.equal(cart.last_activity_at, '2026-11-01T10:05:00.000Z')
  })

  it('ignores a snapshot older than the cart it would replace', () => {
    let cart = newCart('shopify:t', 'shopify:1', '2026-11-01T10:00:00.000Z')
    cart = applyCartEvent(cart, snapshot(5, [{ product_id: 'b', price: 1, quantity: 3 }]))
    cart = applyCartEvent(cart, snapshot(1, [{ product_id: 'a', price: 1, quantity: 1 }]))
    assert.deepEqual(Object.keys(cart.items), ['b'])
  })

  it('starts a new cart when the checkout changes after it became an order', () => {
    const ordered = {
      ...applyCartEvent(
        newCart('shopify:t', 'shopify:1', '2026-11-01T10:00:00.000Z'),
        snapshot(0, [{ product_id: 'a', quantity: 1 }]),
      ),
      ordered_at: '2026-11-01T10:02:00.000Z',
      order_id: 'shopify:9',
    }
    const again = applyCartEvent(ordered, snapshot(30, [{ product_id: 'c', quantity: 1 }]))
    assert.equal(again.ordered_at, null)
    assert.deepEqual(Object.keys(again.items), ['c'])
  })
})
