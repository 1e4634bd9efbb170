import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StoredEvent } from '../events/index.js'
import { latestProductFacts, productFactsOf } from './product-facts.js'

const at = new Date('2026-03-01T10:00:00.000Z')
let seq = 0
const event = (name: string, properties: Record<string, unknown>, when = at): StoredEvent => ({
  seq: ++seq,
  messageId: `m-${seq}`,
  customerId: 'c1',
  userId: 'c1',
  anonymousId: null,
  type: 'track',
  event: name,
  name: null,
  occurredAt: when,
  properties,
  traits: {},
})
const availability = (properties: Record<string, unknown>) => {
  const [facts] = productFactsOf(event('Product Viewed', { product_id: 'p1', ...properties }))
  return { in_stock: facts?.in_stock, archived: facts?.archived }
}

describe('product availability facts', () => {
  it('reads in_stock, else a stock count (none left is out of stock), else leaves it unknown', () => {
    assert.equal(availability({ in_stock: false }).in_stock, false)
    assert.equal(availability({ in_stock: true, stock: 0 }).in_stock, true)
    assert.equal(availability({ inventory_quantity: 0 }).in_stock, false)
    assert.equal(availability({ inventory_quantity: -2 }).in_stock, false)
    assert.equal(availability({ stock: 3 }).in_stock, true)
    assert.equal(availability({ stock: '3' }).in_stock, null)
    assert.equal(availability({}).in_stock, null)
  })

  it('reads archived, else status (archived and draft are archived, active is not), else unknown', () => {
    assert.equal(availability({ archived: true }).archived, true)
    assert.equal(availability({ status: 'archived' }).archived, true)
    assert.equal(availability({ status: 'draft' }).archived, true)
    assert.equal(availability({ status: 'active' }).archived, false)
    assert.equal(availability({ status: 'something' }).archived, null)
    assert.equal(availability({}).archived, null)
  })

  it('learns from Product Updated and from the products[] of an order', () => {
    const [updated] = productFactsOf(event('Product Updated', { product_id: 'p2', status: 'archived' }))
    assert.equal(updated?.archived, true)
    const inOrder = productFactsOf(
      event('Order Completed', { order_id: 'o1', products: [{ product_id: 'p3', inventory_quantity: 0 }] }),
    )
    assert.equal(inOrder[0]?.in_stock, false)
  })

  it('keeps a stock fact a later event of the batch leaves out, and takes the newer one it tells', () => {
    const later = new Date(at.getTime() + 60_000)
    const facts = latestProductFacts([
      event('Product Updated', { product_id: 'p4', in_stock: false, name: 'Mat' }),
      event('Product Viewed', { product_id: 'p4', name: 'Yoga mat' }, later),
    ])
    assert.equal(facts[0]?.in_stock, false)
    assert.equal(facts[0]?.name, 'Yoga mat')
    const back = latestProductFacts([
      event('Product Updated', { product_id: 'p5', in_stock: false }),
      event('Product Updated', { product_id: 'p5', in_stock: true }, later),
    ])
    assert.equal(back[0]?.in_stock, true)
  })
})
