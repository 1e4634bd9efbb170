import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseCsvText } from './csv.js'
import { runImport } from './index.js'
import { mapOlist } from './olist.js'
import { dataTest, eventsNamed, memoryIngestor } from './test-support.js'

dataTest(
  'olist_sample_4000 imports with the published facts and no invalid event',
  'olist_sample_4000',
  async (path) => {
    const ingestor = memoryIngestor()
    const summary = await runImport({ format: 'olist', path }, ingestor)
    assert.deepEqual(ingestor.invalid, [])
    assert.equal(summary.quarantined, 0)
    assert.equal(summary.accepted, summary.eventsProduced)
    const messages = ingestor.messages()

    const cancellations = eventsNamed(messages, 'Order Cancelled')
    const byReason = (reason: string) => cancellations.filter((event) => event.properties.reason === reason)
    assert.equal(byReason('other').length, 23, 'canceled orders')
    assert.equal(byReason('out_of_stock').length, 17, 'unavailable orders')

    // Each out-of-stock cancellation cancels a paid order: its Order Completed comes first.
    const completed = new Map(eventsNamed(messages, 'Order Completed').map((e) => [e.properties.order_id, e]))
    for (const cancellation of byReason('out_of_stock')) {
      const payment = completed.get(cancellation.properties.order_id)
      assert.ok(payment, `order ${cancellation.properties.order_id} has an Order Completed`)
      assert.ok(payment.timestamp <= cancellation.timestamp)
      assert.equal(payment.userId, cancellation.userId)
      assert.equal(cancellation.properties.currency, 'BRL')
    }

    const reviews = eventsNamed(messages, 'Product Reviewed')
    const scores: Record<string, number> = {}
    for (const review of reviews)
      scores[String(review.properties.rating)] = (scores[String(review.properties.rating)] ?? 0) + 1
    assert.deepEqual(scores, { '1': 454, '2': 137, '3': 337, '4': 765, '5': 2293 })
    assert.equal(reviews.filter((review) => Number(review.properties.rating) <= 2).length, 591)

    // Every row is accounted for: part of an event, or skipped with a reason.
    assert.equal(summary.rowsRead, 4000 + 4000 + 4519 + 4161 + 3986 + 3132 + 71)
    assert.ok(summary.rowsSkipped < 10, JSON.stringify(summary.skipped))
    assert.equal(summary.facts.customers, 3998)
    assert.equal(eventsNamed(messages, 'Checkout Started').length, 4000)
  },
)

dataTest(
  'a re-import of Olist produces the same messageIds and stores nothing new',
  'olist_sample_4000',
  async (path) => {
    const ingestor = memoryIngestor()
    const first = await runImport({ format: 'olist', path }, ingestor)
    const idsAfterFirst = [...ingestor.stored.keys()]
    const second = await runImport({ format: 'olist', path }, ingestor)
    assert.equal(second.accepted, 0)
    assert.equal(second.duplicates, first.eventsProduced)
    assert.deepEqual([...ingestor.stored.keys()], idsAfterFirst)
  },
)

dataTest(
  'the raw Olist files, which do not join, import without a crash and account for every row',
  'olist_raw_head',
  async (path) => {
    const ingestor = memoryIngestor()
    const summary = await runImport({ format: 'olist', path }, ingestor)
    assert.deepEqual(ingestor.invalid, [])
    assert.ok(summary.eventsProduced > 0)
    const reasons = summary.skipped.map((entry) => entry.reason)
    assert.ok(reasons.includes('customer_id not in the customers file'))
    assert.ok(reasons.includes('order_id not in the orders file'))
    const skippedReviews = summary.skipped
      .filter((entry) => entry.file === 'olist_order_reviews_dataset.csv')
      .reduce((sum, entry) => sum + entry.count, 0)
    const reviews = summary.eventsByName['Product Reviewed'] ?? 0
    assert.equal(reviews + skippedReviews, 6123)
  },
)

const customers =
  'customer_id,customer_unique_id,customer_zip_code_prefix,customer_city,customer_state\nc1,person-1,01310,sao paulo,SP\n'
const orderHeader =
  'order_id,customer_id,order_status,order_purchase_timestamp,order_approved_at,order_delivered_carrier_date,order_delivered_customer_date,order_estimated_delivery_date'

test('a multi-line review keeps its line breaks and names the first product of the order', async () => {
  const tables = {
    orders: await parseCsvText(
      `${orderHeader}\no1,c1,delivered,2018-02-01 10:00:00,2018-02-01 11:00:00,2018-02-02 09:00:00,2018-02-10 15:00:00,2018-02-20 00:00:00\n`,
      'olist_orders_dataset.csv',
    ),
    customers: await parseCsvText(customers, 'olist_customers_dataset.csv'),
    items: await parseCsvText(
      'order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value\no1,2,p2,s,x,10.00,1.00\no1,1,p1,s,x,20.00,2.00\no1,3,p1,s,x,20.00,2.00\n',
      'olist_order_items_dataset.csv',
    ),
    reviews: await parseCsvText(
      'review_id,order_id,review_score,review_comment_title,review_comment_message,review_creation_date,review_answer_timestamp\nr1,o1,1,Ruim,"Chegou quebrado.\r\nNão recomendo.",2018-02-11 00:00:00,2018-02-12 10:00:00\n',
      'olist_order_reviews_dataset.csv',
    ),
  }
  const { messages, skipped } = mapOlist(tables)
  assert.equal(skipped.total, 0)
  const review = messages.find((message) => message.event === 'Product Reviewed')
  assert.deepEqual(review?.properties, {
    review_id: 'r1',
    order_id: 'o1',
    product_id: 'p1',
    rating: 1,
    review_body: 'Ruim\nChegou quebrado.\nNão recomendo.',
  })
  const completed = messages.find((message) => message.event === 'Order Completed')
  assert.deepEqual(completed?.properties, {
    order_id: 'o1',
    total: 55,
    currency: 'BRL',
    products: [
      { product_id: 'p1', price: 20, quantity: 2 },
      { product_id: 'p2', price: 10, quantity: 1 },
    ],
    revenue: 50,
    shipping: 5,
    order_status: 'delivered',
  })
  const shipments = messages.filter((message) => message.event === 'Shipment Updated')
  assert.deepEqual(
    shipments.map((m) => [m.timestamp, (m.properties as Record<string, unknown>).status]),
    [
      ['2018-02-02T11:00:00.000Z', 'in_transit'],
      ['2018-02-10T17:00:00.000Z', 'delivered'],
    ],
  )
  assert.equal(
    (shipments[0]?.properties as Record<string, unknown> | undefined)?.estimated_delivery,
    '2018-02-20',
  )
  const identify = messages.find((message) => message.type === 'identify')
  assert.deepEqual(identify?.traits, {
    address: { city: 'sao paulo', state: 'SP', postal_code: '01310', country: 'BR' },
  })
})

test('a cancelled Olist order without approval was never paid: no Order Completed, reason other', async () => {
  const tables = {
    orders: await parseCsvText(
      `${orderHeader}\no2,c1,canceled,2018-03-01 10:00:00,,,,2018-03-20 00:00:00\n`,
      'olist_orders_dataset.csv',
    ),
    customers: await parseCsvText(customers, 'olist_customers_dataset.csv'),
  }
  const events = mapOlist(tables).messages.map((message) => [
    message.event ?? message.type,
    message.messageId,
  ])
  assert.deepEqual(events, [
    ['Checkout Started', 'olist:checkout-started:o2'],
    ['Order Cancelled', 'olist:order-cancelled:o2'],
    ['identify', 'olist:identify:person-1:o2'],
  ])
})
