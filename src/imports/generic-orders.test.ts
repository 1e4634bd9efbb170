import assert from 'node:assert/strict'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseCsvText } from './csv.js'
import { mapGenericOrders } from './generic-orders.js'
import { ImportError, renderImportSummary, runImport } from './index.js'
import { memoryIngestor } from './test-support.js'

const header =
  'order_id,customer_id,email,name,order_date,status,status_date,cancel_reason,refund_reason,paid,product_id,product_name,category,quantity,unit_price,currency'

async function writeCsv(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'reel-generic-')), 'orders.csv')
  await writeFile(path, text)
  return path
}

test('an order of two lines becomes one Order Completed for the customer, with an identify', async () => {
  const table = await parseCsvText(
    `${header}\nA1,c-7,Ann@Example.com,Ann,2024-03-01T14:05:00+01:00,completed,,,,,p1,Mug,kitchen,2,9.50,EUR\nA1,c-7,ann@example.com,Ann,2024-03-01T14:05:00+01:00,,,,,,p2,Tea,,1,4,EUR\n`,
  )
  const { messages, skipped } = mapGenericOrders(table)
  assert.equal(skipped.total, 0)
  assert.deepEqual(
    messages.map((message) => message.messageId),
    ['generic:order-completed:A1', 'generic:identify:c-7:A1'],
  )
  assert.deepEqual(messages[0]?.properties, {
    order_id: 'A1',
    total: 23,
    currency: 'EUR',
    products: [
      { price: 9.5, quantity: 2, product_id: 'p1', name: 'Mug', category: 'kitchen' },
      { price: 4, quantity: 1, product_id: 'p2', name: 'Tea' },
    ],
    revenue: 23,
  })
  assert.equal(messages[0]?.timestamp, '2024-03-01T13:05:00.000Z')
  assert.deepEqual(messages[1]?.traits, { email: 'ann@example.com', name: 'Ann' })
})

test('cancelled and refunded lines follow the payment at their own time, with their reason', async () => {
  const table = await parseCsvText(
    [
      header,
      'B2,c-8,,,2024-03-01 10:00,cancelled,2024-03-01 12:00,out_of_stock,,,p1,,,1,10,GBP',
      'B2,c-8,,,2024-03-01 10:00,refunded,2024-03-09 08:00,,too small,,p2,,,1,20,GBP',
      'B2,c-8,,,2024-03-01 10:00,completed,,,,,p3,,,1,5,GBP',
      'B3,,,,2024-03-02 10:00,cancelled,,,,no,p1,,,1,10,GBP',
    ].join('\n'),
  )
  const { messages } = mapGenericOrders(table, { timeZone: 'Europe/London' })
  const summary = messages.map((m) => [
    m.event ?? m.type,
    m.timestamp,
    (m.properties as Record<string, unknown>)?.total,
    (m.properties as Record<string, unknown>)?.reason,
  ])
  assert.deepEqual(summary, [
    ['Order Completed', '2024-03-01T10:00:00.000Z', 35, undefined],
    ['Order Cancelled', '2024-03-01T12:00:00.000Z', 10, 'out_of_stock'],
    ['Order Refunded', '2024-03-09T08:00:00.000Z', 20, 'too small'],
    // B3 was never paid: a checkout, then a cancellation without a reason (radar reads it as the customer's).
    ['Checkout Started', '2024-03-02T10:00:00.000Z', undefined, undefined],
    ['Order Cancelled', '2024-03-02T10:00:00.000Z', 10, undefined],
    ['identify', '2024-03-01T10:00:00.000Z', undefined, undefined],
  ])
  assert.equal(messages[3]?.anonymousId, 'generic-guest:B3')
})

test('bad rows are reported with their line number and the rest of the file is imported', async () => {
  const path = await writeCsv(
    [
      header,
      'C1,c-1,,,2024-01-05,completed,,,,,p1,,,1,12.5,USD',
      ',c-1,,,2024-01-05,completed,,,,,p1,,,1,12.5,USD',
      'C2,c-1,,,2024-01-05,completed,,,,,p1,,,1,twelve,USD',
      'C3,c-1,,,not a date,completed,,,,,p1,,,1,1,USD',
      'C4,c-1,,,2024-01-05,cancelled,,changed mind,,,p1,,,1,1,USD',
      'C5,c-1,,,2024-01-05,completed,,,,,p1,,,1.5,1,USD',
      'C1,c-1,,,2024-01-05,completed,,,,,p2,,,1,3,EUR',
    ].join('\n'),
  )
  const ingestor = memoryIngestor()
  const summary = await runImport({ format: 'generic', path }, ingestor)
  assert.deepEqual(ingestor.invalid, [])
  assert.equal(summary.rowsRead, 7)
  assert.equal(summary.rowsSkipped, 6)
  const where = Object.fromEntries(summary.skipped.map((entry) => [entry.reason, entry.lines]))
  assert.deepEqual(where, {
    'order_id is empty': [3],
    'unit_price is not a number of at least 0': [4],
    'order_date is not a date (use ISO 8601, e.g. 2024-03-01T14:05:00+01:00)': [5],
    'cancel_reason is not one of customer_request, out_of_stock, payment_failed, fraud, other': [6],
    'quantity is not a whole number of at least 1': [7],
    "currency differs from the order's first line": [8],
  })
  const text = renderImportSummary(summary)
  assert.match(text, /unit_price is not a number of at least 0 \(orders\.csv line 4\)/)
  assert.match(text, /rows read\s+7/)
  assert.equal(summary.eventsByName['Order Completed'], 1)
})

test('a generic file without a required column is refused before any row is read', async () => {
  const path = await writeCsv('order_id,order_date,quantity\n1,2024-01-01,1\n')
  await assert.rejects(runImport({ format: 'generic', path }, memoryIngestor()), (error: unknown) => {
    assert.ok(error instanceof ImportError)
    assert.match(error.message, /no unit_price, currency columns/)
    return true
  })
})

test('column names are read case-insensitively and an e-mail stands in for a missing customer_id', async () => {
  const path = await writeCsv(
    'Order_ID,Email,Order_Date,Product_Name,Quantity,Unit_Price,Currency\n9,Bo@Shop.kr,2024-05-05 21:30,Scarf,1,39000,KRW\n',
  )
  const ingestor = memoryIngestor()
  await runImport({ format: 'generic', path, timeZone: 'Asia/Seoul' }, ingestor)
  const order = ingestor.stored.get('generic:order-completed:9')
  assert.equal(order?.userId, 'bo@shop.kr')
  assert.equal(order?.timestamp, '2024-05-05T12:30:00.000Z')
})
