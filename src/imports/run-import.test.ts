import assert from 'node:assert/strict'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { detectFormat, ImportError, renderImportSummary, runImport } from './index.js'
import { dataTest, memoryIngestor, testDataDir } from './test-support.js'

test('detectFormat tells UCI from a generic CSV by the header, and refuses a folder without Olist files', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'reel-detect-'))
  await writeFile(join(folder, 'uci.csv'), '\uFEFF"InvoiceNo","StockCode"\r\n')
  await writeFile(join(folder, 'mine.csv'), 'order_id,order_date\n')
  assert.equal(await detectFormat(join(folder, 'uci.csv')), 'uci')
  assert.equal(await detectFormat(join(folder, 'mine.csv')), 'generic')
  await assert.rejects(detectFormat(folder), ImportError)
})

dataTest('detectFormat finds the shared data sets', 'olist_sample_4000', async (path) => {
  assert.equal(await detectFormat(path), 'olist')
  assert.equal(await detectFormat(join(testDataDir, 'online_retail/online_retail_random_sample.csv')), 'uci')
})

dataTest(
  'events are ingested in batches of at most 500, in time order, with progress',
  'online_retail/online_retail_first_week_dec2010.csv',
  async (path) => {
    const ingestor = memoryIngestor()
    const progress: [number, number][] = []
    const summary = await runImport(
      { format: 'uci', path, onProgress: (done, total) => progress.push([done, total]) },
      ingestor,
    )
    assert.ok(ingestor.batchSizes.every((size) => size <= 500))
    assert.equal(ingestor.batchSizes.length, Math.ceil(summary.eventsProduced / 500))
    const times = ingestor.messages().map((message) => message.timestamp)
    assert.deepEqual(times, [...times].sort())
    assert.deepEqual(progress[0], [0, summary.eventsProduced])
    assert.deepEqual(progress.at(-1), [summary.eventsProduced, summary.eventsProduced])
    // A customer's identify comes before their first order.
    const first = ingestor.messages().findIndex((message) => message.userId === '17850')
    assert.equal(ingestor.messages()[first]?.type, 'identify')
    const text = renderImportSummary(summary)
    assert.match(text, /Imported uci from/)
    assert.match(text, /stock note: UnitPrice is 0/)
  },
)

test('the ingestor quarantine is reported per messageId', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'reel-quarantine-'))
  const path = join(folder, 'orders.csv')
  await writeFile(
    path,
    'order_id,order_date,product_id,quantity,unit_price,currency\n1,2024-01-01,p,1,1,USD\n',
  )
  const refusing = {
    settle: async () => {},
    ingest: async (batch: unknown[]) => ({
      accepted: 0,
      duplicates: 0,
      quarantined: batch.map((_, index) => ({ index, field: 'properties.total', problem: 'test refusal' })),
      repaired: [],
      position: null,
    }),
  }
  const summary = await runImport({ format: 'generic', path, batchSize: 1 }, refusing)
  assert.equal(summary.quarantined, 1)
  assert.deepEqual(summary.quarantine, [
    { messageId: 'generic:order-completed:1', field: 'properties.total', problem: 'test refusal' },
  ])
  assert.match(renderImportSummary(summary), /generic:order-completed:1: properties.total: test refusal/)
})

test('an unknown time zone or batch size fails before anything is ingested', async () => {
  const ingestor = memoryIngestor()
  await assert.rejects(
    runImport({ format: 'generic', path: '/nonexistent.csv', batchSize: 0 }, ingestor),
    ImportError,
  )
  await assert.rejects(
    runImport({ format: 'generic', path: '/nonexistent.csv', timeZone: 'Mars/Olympus' }, ingestor),
    RangeError,
  )
  assert.equal(ingestor.batchSizes.length, 0)
})
