import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { parse } from 'csv-parse/sync'
import { MAX_EVENT_BYTES } from '../events/message.js'
import { parseCsvText } from './csv.js'
import { runImport } from './index.js'
import { mapOnlineRetail } from './online-retail.js'
import { dataTest, eventsNamed, memoryIngestor } from './test-support.js'

const SAMPLE = 'online_retail/online_retail_random_sample.csv'

dataTest(
  'the UCI random sample imports with the published facts and no invalid event',
  SAMPLE,
  async (path) => {
    const ingestor = memoryIngestor()
    const summary = await runImport({ format: 'uci', path }, ingestor)
    assert.deepEqual(ingestor.invalid, [])
    assert.equal(summary.accepted, summary.eventsProduced)
    const messages = ingestor.messages()

    // Independent reading of the file, to check the events against the rows.
    const rows: Record<string, string>[] = parse(readFileSync(path), { columns: true, bom: true })
    const cancellationRows = rows.filter((row) => row.InvoiceNo?.startsWith('C'))
    assert.equal(cancellationRows.length, 350)
    const cancelled = eventsNamed(messages, 'Order Cancelled')
    assert.deepEqual(
      new Set(cancelled.map((event) => event.properties.order_id)),
      new Set(cancellationRows.map((row) => row.InvoiceNo)),
    )
    // Every cancellation row is in its cancellation event: no C row was skipped.
    const cancelledUnits = cancelled.flatMap((e) => e.properties.products as { quantity: number }[])
    assert.ok(summary.skipped.every((entry) => !entry.reason.includes('cancellation')))
    assert.ok(cancelledUnits.length > 0)

    const guestRows = rows.filter((row) => row.CustomerID === 'NA')
    assert.equal(guestRows.length, 5078)
    assert.equal(summary.facts['rows without a CustomerID'], 5078)
    // Guest rows that are sales or cancellations, read from the file: a priced line, not a bad-debt
    // adjustment, its quantity's sign matching the invoice's kind. Every one must be in a guest's event.
    const guestSales = guestRows.filter((row) => {
      const invoice = row.InvoiceNo ?? ''
      const quantity = Number(row.Quantity)
      const bySign = invoice.startsWith('C') ? quantity < 0 : quantity > 0
      return Number(row.UnitPrice) > 0 && !invoice.startsWith('A') && bySign
    })
    assert.equal(guestSales.length, 4989)
    const byOrder = new Map(messages.filter((m) => m.type === 'track').map((m) => [m.properties.order_id, m]))
    for (const row of guestSales) {
      const event = byOrder.get(row.InvoiceNo)
      assert.ok(event, `guest invoice ${row.InvoiceNo} has no event`)
      assert.equal(event.userId, null)
      assert.equal(event.anonymousId, `uci-guest:${row.InvoiceNo}`)
    }
    assert.equal(summary.facts['guest invoices'], new Set(guestSales.map((row) => row.InvoiceNo)).size)
    const userIds = new Set(messages.map((message) => message.userId).filter((id) => id !== null))
    assert.equal(userIds.size, 3049)
    assert.equal(summary.facts.customers, 3049)
    assert.equal(summary.rowsRead, 20000)
    assert.equal(summary.rowsRead - summary.rowsSkipped, 20000 - 90)
  },
)

dataTest(
  'the UCI first week, with dates like "12/1/10 8:26", imports and re-imports idempotently',
  'online_retail/online_retail_first_week_dec2010.csv',
  async (path) => {
    const ingestor = memoryIngestor()
    const first = await runImport({ format: 'uci', path }, ingestor)
    assert.deepEqual(ingestor.invalid, [])
    const order = ingestor.stored.get('uci:order-completed:536365')
    assert.equal(order?.timestamp, '2010-12-01T08:26:00.000Z')
    assert.equal(order?.userId, '17850')
    const second = await runImport({ format: 'uci', path }, ingestor)
    assert.equal(second.accepted, 0)
    assert.equal(second.duplicates, first.eventsProduced)
  },
)

const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n'

test('an invoice is one order: postage is shipping, same code and price adds up, total is qty × price', async () => {
  const table = await parseCsvText(
    `${header}536365,85123A,WHITE HANGING HEART,6,12/1/10 8:26,2.55,17850,United Kingdom\n536365,85123A,WHITE HANGING HEART,2,12/1/10 8:27,2.55,17850,United Kingdom\n536365,POST,POSTAGE,1,12/1/10 8:26,18,17850,United Kingdom\n`,
  )
  const { messages } = mapOnlineRetail(table)
  const order = messages.find((message) => message.event === 'Order Completed')
  assert.deepEqual(order?.properties, {
    order_id: '536365',
    total: 38.4,
    currency: 'GBP',
    products: [
      { product_id: '85123A', sku: '85123A', name: 'WHITE HANGING HEART', price: 2.55, quantity: 8 },
    ],
    revenue: 20.4,
    shipping: 18,
  })
  assert.equal(order?.timestamp, '2010-12-01T08:26:00.000Z')
  const identify = messages.find((message) => message.type === 'identify')
  assert.deepEqual(identify?.traits, { address: { country: 'United Kingdom' } })
})

test('a C invoice is a cancellation with reason other and positive amounts; a guest gets an anonymousId', async () => {
  const table = await parseCsvText(
    `${header}C536379,22556,PLASTERS,-12,2010-12-01 09:41:00,1.65,NA,United Kingdom\n`,
  )
  const [cancellation] = mapOnlineRetail(table).messages
  assert.equal(cancellation?.messageId, 'uci:order-cancelled:C536379')
  assert.equal(cancellation?.anonymousId, 'uci-guest:C536379')
  assert.deepEqual(cancellation?.properties, {
    order_id: 'C536379',
    total: 19.8,
    currency: 'GBP',
    products: [{ product_id: '22556', sku: '22556', name: 'PLASTERS', price: 1.65, quantity: 12 }],
    reason: 'other',
  })
})

test('bad UCI rows are skipped with the reason and line', async () => {
  const table = await parseCsvText(
    `${header}1,A,x,two,2011-01-01 10:00:00,1,1,UK\n2,A,x,1,2011-01-01 10:00:00,abc,1,UK\n3,A,damaged,-5,2011-01-01 10:00:00,0,NA,UK\nA563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,NA,UK\n`,
  )
  const { messages, skipped } = mapOnlineRetail(table)
  assert.equal(messages.length, 0)
  assert.deepEqual(
    skipped.list().map((entry) => [entry.reason, entry.lines]),
    [
      ['bad-debt adjustment (InvoiceNo starting with A)', [5]],
      ['Quantity is not a whole number', [2]],
      ['stock adjustment: Quantity ≤ 0 on a sales invoice', [4]],
      ['UnitPrice is not a number', [3]],
    ],
  )
})

test('a wholesale invoice over the 32 KB event limit is shrunk, keeping its total', async () => {
  const lines = Array.from(
    { length: 900 },
    (_, i) => `9001,CODE${i},A LONG PRODUCT DESCRIPTION NUMBER ${i},1,2011-01-01 10:00:00,1.5,42,UK`,
  )
  const { messages, facts } = mapOnlineRetail(await parseCsvText(`${header}${lines.join('\n')}\n`))
  const order = messages.find((message) => message.event === 'Order Completed')
  assert.ok(Buffer.byteLength(JSON.stringify(order)) <= MAX_EVENT_BYTES)
  const properties = order?.properties as { total: number; products: unknown[]; products_omitted?: number }
  assert.equal(properties.total, 1350)
  assert.equal(properties.products.length + (properties.products_omitted ?? 0), 900)
  assert.equal(facts['orders shrunk to the 32 KB event limit'], 1)
})
