import assert from 'node:assert/strict'
import { test } from 'node:test'
import { traitConsent } from '../../consent/rules.js'
import type { RawMessage } from '../../events/index.js'
import type { ConnectorContext, MapOutcome } from '../mapping.js'
import { SHOP_CTX as ctx, fixture, messagesOf, only, permutations, storedFacts } from '../test-support.js'
import {
  SHOPIFY_TOPICS,
  shopifyConnector,
  shopifyCustomerMessages,
  shopifyOrderMessages,
} from './connector.js'
import { consentAnswer } from './customers.js'
import { cancelReasonOf } from './orders.js'

const map = (topic: string, body: unknown, context: ConnectorContext = ctx) =>
  shopifyConnector.map(topic, body, context)
const props = (m: RawMessage) => m.properties as Record<string, unknown>

const FIXTURE_OF: Record<string, string> = {
  'orders/create': 'order.json',
  'orders/paid': 'order.json',
  'orders/updated': 'order.json',
  'orders/cancelled': 'order-cancelled.json',
  'refunds/create': 'refund.json',
  'checkouts/create': 'checkout.json',
  'checkouts/update': 'checkout.json',
  'fulfillments/create': 'fulfillment.json',
  'fulfillments/update': 'fulfillment.json',
  'fulfillment_events/create': 'fulfillment-event.json',
  'customers/create': 'customer.json',
  'customers/update': 'customer.json',
  'customers/redact': 'customers-redact.json',
  'customers/data_request': 'customers-data-request.json',
  'shop/redact': 'shop-redact.json',
}

test('every Shopify topic maps its documented example, and every message passes Reel’s validator', () => {
  for (const topic of SHOPIFY_TOPICS) {
    const outcome = map(topic, fixture(`shopify/${FIXTURE_OF[topic]}`))
    assert.ok(outcome.ok, `${topic}: ${JSON.stringify(outcome)}`)
    if ('privacy' in outcome) continue
    const messages = messagesOf(outcome)
    assert.ok(messages.length > 0, topic)
    for (const m of messages) {
      assert.ok(String(m.messageId).startsWith('shopify:example.myshopify.com:'), topic)
      assert.deepEqual(m.context, { integration: { name: 'shopify', version: '1' }, shop: ctx.shop })
      assert.notEqual(m.timestamp, ctx.receivedAt, `${topic}: a fact keeps its own time`)
    }
  }
})

test('a paid order is one Order Completed with Reel’s order fields, its cart and exact money', () => {
  const messages = messagesOf(map('orders/updated', fixture('shopify/order.json')))
  const completed = only(messages, 'Order Completed')
  assert.equal(completed.messageId, 'shopify:example.myshopify.com:order:450789469:completed')
  assert.equal(completed.userId, 'shopify:207119551')
  assert.equal(completed.timestamp, '2008-01-10T16:00:00.000Z')
  const p = props(completed)
  assert.equal(p.order_id, '450789469')
  assert.equal(p.cart_id, 'shopify:bd5a8aa1ecd019dd3520ff791ee3a24c')
  assert.deepEqual(
    [p.total, p.revenue, p.discount, p.shipping, p.tax, p.currency, p.coupon],
    [598.94, 597, 10, 4, 11.94, 'USD', 'TENOFF'],
  )
  assert.deepEqual((p.products as unknown[])[0], {
    product_id: '632910392',
    variant_id: '39072856',
    sku: 'IPOD2008GREEN',
    name: 'IPod Nano - 8gb',
    variant: 'green',
    price: 199,
    quantity: 1,
  })
})

test('an unpaid order states no payment; orders/paid does, whatever its status says', () => {
  const pending = { ...fixture('shopify/order.json'), financial_status: 'pending', refunds: [] }
  assert.equal(
    messagesOf(map('orders/create', pending)).filter((m) => m.event === 'Order Completed').length,
    0,
  )
  only(messagesOf(map('orders/paid', pending)), 'Order Completed')
  for (const status of ['paid', 'partially_paid', 'partially_refunded', 'refunded'])
    only(messagesOf(map('orders/updated', { ...pending, financial_status: status })), 'Order Completed')
  for (const status of ['authorized', 'voided', null])
    assert.equal(
      messagesOf(map('orders/updated', { ...pending, financial_status: status })).filter(
        (m) => m.event === 'Order Completed',
      ).length,
      0,
    )
})

test('cancel reasons map to Reel’s, the raw one kept', () => {
  const table: Array<[string | null, string]> = [
    ['customer', 'customer_request'],
    ['inventory', 'out_of_stock'],
    ['declined', 'payment_failed'],
    ['fraud', 'fraud'],
    ['staff', 'other'],
    ['other', 'other'],
    ['something_new', 'other'],
    [null, 'other'],
  ]
  for (const [shopify, reel] of table) assert.equal(cancelReasonOf(shopify), reel, String(shopify))
  const cancelled = only(
    messagesOf(map('orders/cancelled', fixture('shopify/order-cancelled.json'))),
    'Order Cancelled',
  )
  assert.deepEqual(
    [props(cancelled).reason, props(cancelled).platform_reason],
    ['customer_request', 'customer'],
  )
  assert.equal(cancelled.timestamp, '2022-01-01T00:00:00.000Z')
  assert.equal(props(cancelled).total, 403)
  // A voided order was never paid: no Order Completed.
  const events = messagesOf(map('orders/cancelled', fixture('shopify/order-cancelled.json'))).map(
    (m) => m.event,
  )
  assert.ok(!events.includes('Order Completed'))
})

test('a partial refund is Order Refunded with the refunded lines only and the amount given back', () => {
  const messages = messagesOf(map('orders/updated', fixture('shopify/order.json')))
  const refunded = only(messages, 'Order Refunded')
  assert.equal(refunded.messageId, 'shopify:example.myshopify.com:refund:509562969')
  const p = props(refunded)
  assert.equal(p.total, 209)
  assert.equal(p.reason, 'it broke during shipping')
  assert.deepEqual(
    (p.products as Array<Record<string, unknown>>).map((x) => [x.sku, x.quantity, x.price]),
    [['IPOD2008BLACK', 1, 199]],
  )
  const standalone = only(messagesOf(map('refunds/create', fixture('shopify/refund.json'))), 'Order Refunded')
  assert.deepEqual([props(standalone).total, props(standalone).reason], [41.94, 'wrong size'])
  assert.equal(standalone.timestamp, '2020-01-14T15:34:55.000Z')
})

test('a refund without a payment totals its lines’ subtotals exactly; failed transactions do not count', () => {
  const refund = fixture('shopify/refund.json')
  const line = (refund.refund_line_items as Array<Record<string, unknown>>)[0]!
  const cents = (amount: string) => ({
    ...line,
    subtotal: undefined,
    subtotal_set: { shop_money: { amount } },
  })
  const body = {
    ...refund,
    refund_line_items: [cents('0.10'), cents('0.20')],
    transactions: [{ kind: 'refund', status: 'failure', amount: '99.00' }],
  }
  assert.equal(props(only(messagesOf(map('refunds/create', body)), 'Order Refunded')).total, 0.3)
  const paidBack = {
    ...refund,
    transactions: [
      { kind: 'refund', status: 'success', amount: '0.10' },
      { kind: 'refund', status: 'success', amount: '0.20' },
      { kind: 'sale', status: 'success', amount: '5.00' },
    ],
  }
  assert.equal(props(only(messagesOf(map('refunds/create', paidBack)), 'Order Refunded')).total, 0.3)
})

test('a refund names its buyer when the route knows the order, else the order as a visitor', () => {
  const refund = fixture('shopify/refund.json')
  assert.equal(
    only(messagesOf(map('refunds/create', refund)), 'Order Refunded').anonymousId,
    'order:450789469',
  )
  const known: ConnectorContext = {
    ...ctx,
    orderBuyer: (id) => (id === '450789469' ? { userId: 'shopify:207119551' } : undefined),
  }
  const m = only(messagesOf(map('refunds/create', refund, known)), 'Order Refunded')
  assert.equal(m.userId, 'shopify:207119551')
  assert.equal(m.anonymousId, undefined)
})

/** An order's life as Shopify delivers it: created unpaid, paid, refunded in part, cancelled. */
function orderLife(): Array<[string, unknown]> {
  const order = fixture('shopify/order.json')
  const refund = (order.refunds as unknown[])[0]
  const created = { ...order, financial_status: 'pending', refunds: [] }
  const paid = { ...order, financial_status: 'paid', refunds: [] }
  const cancelled = { ...order, cancelled_at: '2008-01-12T09:00:00-05:00', cancel_reason: 'inventory' }
  return [
    ['orders/create', created],
    ['orders/paid', paid],
    ['orders/updated', order],
    ['orders/cancelled', cancelled],
    ['refunds/create', refund],
  ]
}

test('the deliveries of one order, in any order and replayed, store the same facts once each', () => {
  const known: ConnectorContext = { ...ctx, orderBuyer: () => ({ userId: 'shopify:207119551' }) }
  const deliver = (life: Array<[string, unknown]>) =>
    life.map(([topic, body]) => messagesOf(map(topic, body, known)))
  const reference = storedFacts(deliver(orderLife()))
  assert.deepEqual([...reference.values()].map((m) => m.event ?? m.type).sort(), [
    'Order Cancelled',
    'Order Completed',
    'Order Refunded',
    // the buyer's contact, and the buyer as the order's visitor (orderVisitorLink)
    'identify',
    'identify',
  ])
  // Each fact states the same thing in every delivery that states it.
  for (const messages of deliver(orderLife()))
    for (const m of messages) assert.deepEqual(m, reference.get(String(m.messageId)))
  // Mapping is pure: a delivery maps the same wherever it falls, so each is mapped once and then shuffled.
  for (const order of permutations(deliver(orderLife())))
    assert.deepEqual(storedFacts([...order, ...order]), reference)
  // A later back-fill of the same order from the Admin API adds nothing.
  const backfill = messagesOf(shopifyOrderMessages(fixture('shopify/order.json'), known))
  for (const m of backfill) assert.ok(reference.has(String(m.messageId)))
})

test('a checkout is a snapshot of its cart; a completed one states nothing new', () => {
  const checkout = fixture('shopify/checkout.json')
  const updated = only(messagesOf(map('checkouts/update', checkout)), 'Checkout Updated')
  const p = props(updated)
  assert.equal(p.cart_id, 'shopify:b1946ac92492d2347c6235b4d2611184')
  assert.equal(p.value, 398)
  assert.equal(p.currency, 'USD')
  assert.equal((p.products as unknown[]).length, 2)
  assert.match(String(p.checkout_url), /recover\?key=/)
  assert.equal(
    updated.messageId,
    'shopify:example.myshopify.com:checkout:b1946ac92492d2347c6235b4d2611184:2012-08-24T18:02:15.000Z',
  )
  const later = { ...checkout, updated_at: '2012-08-24T15:00:00-04:00', line_items: [] }
  assert.notEqual(
    only(messagesOf(map('checkouts/update', later)), 'Checkout Updated').messageId,
    updated.messageId,
  )
  const done = { ...checkout, completed_at: '2012-08-24T15:10:00-04:00' }
  assert.deepEqual(messagesOf(map('checkouts/update', done)), [])
})

test('a guest’s checkout and order are the same visitor, and the order closes the checkout’s cart', () => {
  const token = 'guest-token-1'
  const checkout = { ...fixture('shopify/checkout.json'), token, customer: null, email: 'guest@example.com' }
  const order = {
    ...fixture('shopify/order.json'),
    checkout_token: token,
    customer: null,
    email: 'guest@example.com',
  }
  const cart = only(messagesOf(map('checkouts/create', checkout)), 'Checkout Updated')
  const completed = only(messagesOf(map('orders/paid', order)), 'Order Completed')
  assert.equal(cart.anonymousId, `shopify-checkout:${token}`)
  assert.equal(completed.anonymousId, `shopify-checkout:${token}`)
  assert.equal(completed.userId, undefined)
  assert.equal(props(completed).cart_id, props(cart).cart_id)
  const contact = messagesOf(map('orders/paid', order)).find((m) => m.type === 'identify')
  assert.deepEqual(contact?.traits, {
    email: 'guest@example.com',
    phone: '+557734881234',
    first_name: 'Bob',
    last_name: 'Norman',
  })
})

test('ids the shop passes in the cart attributes join its browsing history and its own user', () => {
  const attributes = [
    { name: 'ajs_anonymous_id', value: 'anon-123' },
    { name: 'reel_user_id', value: 'shop-user-9' },
  ]
  const order = { ...fixture('shopify/order.json'), note_attributes: attributes }
  const messages = messagesOf(map('orders/paid', order))
  const completed = only(messages, 'Order Completed')
  assert.deepEqual([completed.userId, completed.anonymousId], ['shopify:207119551', 'anon-123'])
  const alias = messages.filter((m) => m.type === 'alias')
  assert.equal(alias.length, 1)
  assert.deepEqual([alias[0]!.previousId, alias[0]!.userId], ['shopify:207119551', 'shop-user-9'])
  // A guest the shop knows becomes its user.
  const guest = only(messagesOf(map('orders/paid', { ...order, customer: null })), 'Order Completed')
  assert.deepEqual([guest.userId, guest.anonymousId], ['shop-user-9', 'anon-123'])
  const segment = { ...order, note_attributes: [{ name: 'segment_anonymous_id', value: 'seg-1' }] }
  assert.equal(only(messagesOf(map('orders/paid', segment)), 'Order Completed').anonymousId, 'seg-1')
})

test('fulfilments and their events are Shipment Updated through Reel’s Shopify shipping adapter', () => {
  const created = only(
    messagesOf(map('fulfillments/create', fixture('shopify/fulfillment.json'))),
    'Shipment Updated',
  )
  assert.deepEqual(
    [
      props(created).shipment_id,
      props(created).status,
      props(created).carrier,
      props(created).tracking_number,
    ],
    ['shopify:255858046', 'info_received', 'USPS', '1Z2345'],
  )
  const scanned = {
    ...fixture('shopify/fulfillment.json'),
    shipment_status: 'delivered',
    updated_at: '2024-01-05T10:00:00-05:00',
  }
  const delivered = only(messagesOf(map('fulfillments/update', scanned)), 'Shipment Updated')
  assert.equal(props(delivered).status, 'delivered')
  assert.equal(
    delivered.messageId,
    'shopify:example.myshopify.com:fulfillment:255858046:delivered:2024-01-05T15:00:00.000Z',
  )
  const event = only(
    messagesOf(map('fulfillment_events/create', fixture('shopify/fulfillment-event.json'))),
    'Shipment Updated',
  )
  assert.deepEqual(
    [props(event).status, props(event).estimated_delivery, event.timestamp],
    ['in_transit', '2024-01-05T18:00:00-05:00', '2024-01-03T19:05:00.000Z'],
  )
  const cancelled = { ...fixture('shopify/fulfillment.json'), status: 'cancelled' }
  assert.deepEqual(messagesOf(map('fulfillments/update', cancelled)), [])
})

test('marketing consent states become the traits Reel’s consent rules read', () => {
  assert.equal(consentAnswer('subscribed'), true)
  for (const no of ['unsubscribed', 'not_subscribed']) assert.equal(consentAnswer(no), false)
  for (const silent of ['pending', 'redacted', 'invalid', null, undefined])
    assert.equal(consentAnswer(silent), undefined)

  const identify = (body: Record<string, unknown>) =>
    messagesOf(map('customers/update', { ...fixture('shopify/customer.json'), ...body }))[0]!
  const traits = (body: Record<string, unknown>) => identify(body).traits as Record<string, unknown>
  const both = traits({})
  assert.equal(traitConsent(both, 'email', 'marketing'), true)
  assert.equal(traitConsent(both, 'sms', 'marketing'), false)
  const pending = traits({ email_marketing_consent: { state: 'pending' }, sms_marketing_consent: null })
  assert.equal(traitConsent(pending, 'email', 'marketing'), undefined)
  assert.equal(pending.consent, undefined)
  // Older API versions: accepts_marketing, only when no email_marketing_consent is sent.
  const older = traits({
    email_marketing_consent: undefined,
    sms_marketing_consent: undefined,
    accepts_marketing: true,
  })
  assert.equal(traitConsent(older, 'email', 'marketing'), true)
  const m = identify({})
  // Shopify's example id is past 2^53: JSON.parse rounded it, and the id is taken as read.
  assert.equal(m.userId, `shopify:${fixture('shopify/customer.json').id}`)
  assert.deepEqual(
    [both.email, both.phone, both.first_name, both.last_name, both.name, both.country],
    ['bob@biller.com', '+16135551111', 'Bob', 'Biller', 'Bob Biller', 'CA'],
  )
  assert.equal(m.timestamp, '2022-01-01T00:00:00.000Z')
  assert.deepEqual(messagesOf(shopifyCustomerMessages(fixture('shopify/customer.json'), ctx)), [m])
})

test('compliance topics are privacy requests for the route, not events', () => {
  const privacy = (topic: string) => {
    const outcome = map(topic, fixture(`shopify/${FIXTURE_OF[topic]}`))
    assert.ok(outcome.ok && 'privacy' in outcome)
    return outcome.privacy
  }
  assert.deepEqual(privacy('customers/redact'), {
    kind: 'erase',
    customerId: 'shopify:191167',
    email: 'john@example.com',
    phone: '555-625-1199',
    shopDomain: 'example.myshopify.com',
    ordersToRedact: ['299938', '280263', '220458'],
  })
  assert.deepEqual(privacy('customers/data_request'), {
    kind: 'export',
    customerId: 'shopify:191167',
    email: 'john@example.com',
    phone: '555-625-1199',
    shopDomain: 'example.myshopify.com',
    ordersRequested: ['299938', '280263', '220458'],
    requestId: '9999',
  })
  assert.deepEqual(privacy('shop/redact'), { kind: 'erase_shop', shopDomain: 'example.myshopify.com' })
})

const problem = (outcome: MapOutcome) => {
  assert.equal(outcome.ok, false)
  return outcome.ok ? undefined : outcome.problem
}

test('a malformed body names the field; no body of any shape throws', () => {
  const order = fixture('shopify/order.json')
  const badPrice = structuredClone(order) as { line_items: Array<Record<string, unknown>> }
  badPrice.line_items[1]!.price = 'a lot'
  assert.deepEqual(problem(map('orders/paid', badPrice)), {
    kind: 'malformed_body',
    field: 'body.line_items.1.price',
    problem: 'expected an amount such as "19.99"',
  })
  assert.equal(
    (problem(map('orders/paid', { ...order, id: undefined })) as { field: string }).field,
    'body.id',
  )
  assert.equal(
    (problem(map('orders/paid', { ...order, currency: 'dollars' })) as { field: string }).field,
    'body.currency',
  )
  const event = { ...fixture('shopify/fulfillment-event.json'), status: undefined }
  assert.equal((problem(map('fulfillment_events/create', event)) as { field: string }).field, 'body.status')
  for (const topic of SHOPIFY_TOPICS)
    for (const body of [null, undefined, 42, 'text', [], {}, { id: {} }, { line_items: 'x' }]) {
      const found = problem(map(topic, body))
      assert.equal(found?.kind, 'malformed_body', `${topic} ${JSON.stringify(body)}`)
      assert.match((found as { field: string }).field, /^body/)
    }
})

test('a topic Reel does not map is a typed unsupported topic', () => {
  assert.deepEqual(problem(map('products/update', {})), {
    kind: 'unsupported_topic',
    topic: 'products/update',
  })
})
