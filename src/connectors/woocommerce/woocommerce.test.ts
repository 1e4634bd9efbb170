import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { RawMessage } from '../../events/index.js'
import type { ConnectorContext } from '../mapping.js'
import { WOO_CTX as ctx, fixture, messagesOf, only, permutations, storedFacts } from '../test-support.js'
import { WOOCOMMERCE_TOPICS, woocommerceConnector } from './connector.js'
import { wooGuestId } from './identity.js'

const map = (topic: string, body: unknown, context: ConnectorContext = ctx) =>
  woocommerceConnector.map(topic, body, context)
const props = (m: RawMessage) => m.properties as Record<string, unknown>
const order = (changes: Record<string, unknown> = {}) => ({
  ...fixture('woocommerce/order.json'),
  ...changes,
})
const events = (messages: RawMessage[]) => messages.filter((m) => m.type === 'track').map((m) => m.event)

test('every WooCommerce topic maps its documented example, and every message passes Reel’s validator', () => {
  const bodies: Record<string, unknown> = {
    'order.created': order(),
    'order.updated': order(),
    'order.deleted': { id: 727 },
    'customer.created': fixture('woocommerce/customer.json'),
    'customer.updated': fixture('woocommerce/customer.json'),
  }
  for (const topic of WOOCOMMERCE_TOPICS) {
    const messages = messagesOf(map(topic, bodies[topic]))
    assert.ok(messages.length > 0, topic)
    for (const m of messages)
      assert.ok(String(m.messageId).startsWith('woocommerce:shop.example.com:'), topic)
  }
})

test('a processing order is Order Completed at its payment time, its money exact', () => {
  const completed = only(messagesOf(map('order.created', order())), 'Order Completed')
  assert.equal(completed.messageId, 'woocommerce:shop.example.com:order:727:completed')
  assert.equal(completed.timestamp, '2017-03-22T19:28:08.000Z')
  const p = props(completed)
  assert.deepEqual(
    [p.order_id, p.total, p.revenue, p.shipping, p.tax, p.discount, p.currency],
    ['727', 29.35, 18, 10, 1.35, 0, 'USD'],
  )
  assert.deepEqual((p.products as unknown[])[1], {
    product_id: '22',
    variant_id: '23',
    sku: 'Bar3',
    name: 'Ship Your Idea &ndash; Color: Black, Size: M Test',
    price: 12,
    quantity: 1,
  })
  const cents = order({
    line_items: [
      { name: 'a', product_id: 1, quantity: 1, price: '0.10', total: '0.10' },
      { name: 'b', product_id: 2, quantity: 1, price: '0.20', total: '0.20' },
    ],
  })
  assert.equal(props(only(messagesOf(map('order.updated', cents)), 'Order Completed')).revenue, 0.3)
  for (const status of ['pending', 'on-hold'])
    assert.deepEqual(events(messagesOf(map('order.updated', order({ status, date_paid_gmt: null })))), [])
})

test('cancelled is Order Cancelled (other); failed is payment_failed', () => {
  const cancelled = only(
    messagesOf(map('order.updated', order({ status: 'cancelled', date_paid_gmt: null }))),
    'Order Cancelled',
  )
  assert.deepEqual([props(cancelled).reason, props(cancelled).platform_reason], ['other', 'cancelled'])
  assert.equal(cancelled.timestamp, '2017-03-22T19:28:08.000Z')
  const failed = messagesOf(map('order.updated', order({ status: 'failed' })))
  assert.deepEqual(events(failed), ['Order Cancelled'])
  assert.equal(props(only(failed, 'Order Cancelled')).reason, 'payment_failed')
  // Paid, then cancelled: both facts.
  assert.deepEqual(events(messagesOf(map('order.updated', order({ status: 'cancelled' })))), [
    'Order Completed',
    'Order Cancelled',
  ])
})

test('refunds are Order Refunded each, positive and exact; a refunded order without refunds is refunded whole', () => {
  const refunds = [
    { id: 726, reason: 'damaged', total: '-10.10' },
    { id: 728, reason: '', total: '-0.20' },
  ]
  const messages = messagesOf(map('order.updated', order({ status: 'processing', refunds })))
  const refunded = messages.filter((m) => m.event === 'Order Refunded')
  assert.deepEqual(
    refunded.map((m) => [m.messageId, props(m).total, props(m).reason]),
    [
      ['woocommerce:shop.example.com:refund:726', 10.1, 'damaged'],
      ['woocommerce:shop.example.com:refund:728', 0.2, undefined],
    ],
  )
  const whole = only(messagesOf(map('order.updated', order({ status: 'refunded' }))), 'Order Refunded')
  assert.equal(whole.messageId, 'woocommerce:shop.example.com:order:727:refunded')
  assert.equal(props(whole).total, 29.35)
})

test('a deleted order is cancelled (other, platform_reason deleted), its buyer when the route knows it', () => {
  const deleted = only(messagesOf(map('order.deleted', { id: 727 })), 'Order Cancelled')
  assert.deepEqual(
    [deleted.messageId, props(deleted).reason, props(deleted).platform_reason, deleted.anonymousId],
    ['woocommerce:shop.example.com:order:727:cancelled', 'other', 'deleted', 'order:727'],
  )
  assert.equal(deleted.timestamp, ctx.receivedAt)
  const known = { ...ctx, orderBuyer: () => ({ userId: 'woocommerce:25' }) }
  assert.equal(
    only(messagesOf(map('order.deleted', { id: 727 }, known)), 'Order Cancelled').userId,
    'woocommerce:25',
  )
})

test('a guest is the visitor of their e-mail, who joins the account that e-mail opens', () => {
  const guestOrder = only(messagesOf(map('order.created', order())), 'Order Completed')
  const guestId = wooGuestId('john.doe@example.com')
  assert.equal(guestOrder.anonymousId, guestId)
  assert.equal(guestOrder.userId, undefined)
  assert.doesNotMatch(guestId, /john/)
  assert.equal(wooGuestId(' John.Doe@Example.com '), guestId)
  const account = messagesOf(map('customer.created', fixture('woocommerce/customer.json')))[0]!
  assert.deepEqual(
    [account.type, account.userId, account.anonymousId],
    ['identify', 'woocommerce:25', guestId],
  )
  assert.deepEqual(account.traits, {
    email: 'john.doe@example.com',
    phone: '(555) 555-5555',
    first_name: 'John',
    last_name: 'Doe',
    name: 'John Doe',
    country: 'US',
    woocommerce_customer_id: '25',
  })
  assert.equal(account.timestamp, '2017-03-21T19:09:30.000Z')
  const member = only(messagesOf(map('order.created', order({ customer_id: 25 }))), 'Order Completed')
  assert.deepEqual([member.userId, member.anonymousId], ['woocommerce:25', guestId])
  const noEmail = order({ billing: { first_name: 'A' } })
  assert.equal(
    only(messagesOf(map('order.created', noEmail)), 'Order Completed').anonymousId,
    'woocommerce-order:727',
  )
  const passed = order({ meta_data: [{ key: 'ajs_anonymous_id', value: 'anon-7' }] })
  assert.equal(only(messagesOf(map('order.created', passed)), 'Order Completed').anonymousId, 'anon-7')
})

test('the deliveries of one order, in any order and replayed, store the same facts once each', () => {
  const life = [
    [
      'order.created',
      order({ status: 'pending', date_paid_gmt: null, date_modified_gmt: '2017-03-22T19:28:02' }),
    ],
    ['order.updated', order()],
    ['order.updated', order({ refunds: [{ id: 726, reason: '', total: '-10.00' }] })],
  ] as const
  const deliveries = life.map(([topic, body]) => messagesOf(map(topic, body)))
  const reference = storedFacts(deliveries)
  for (const shuffled of permutations(deliveries))
    assert.deepEqual(storedFacts([...shuffled, ...shuffled]), reference)
  assert.deepEqual([...reference.values()].map((m) => m.event ?? m.type).sort(), [
    'Order Completed',
    'Order Refunded',
    'identify',
  ])
})

test('a malformed body names the field, an unknown topic is unsupported, nothing throws', () => {
  const outcome = map('order.updated', order({ total: 'lots' }))
  assert.deepEqual(outcome, {
    ok: false,
    problem: { kind: 'malformed_body', field: 'body.total', problem: 'expected an amount such as "19.99"' },
  })
  const badTime = map('order.updated', order({ date_created_gmt: 'yesterday' }))
  assert.equal(
    !badTime.ok && badTime.problem.kind === 'malformed_body' && badTime.problem.field,
    'body.date_created_gmt',
  )
  for (const topic of WOOCOMMERCE_TOPICS)
    for (const body of [null, 42, 'x', [], {}, { id: [] }])
      assert.equal(map(topic, body).ok, false, `${topic} ${JSON.stringify(body)}`)
  assert.deepEqual(map('product.updated', {}), {
    ok: false,
    problem: { kind: 'unsupported_topic', topic: 'product.updated' },
  })
})
