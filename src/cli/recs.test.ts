import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { RawMessage } from '../events/index.js'
import { engines } from '../test-support/engines.js'
import { runCli } from './test-support.js'

const embedded = engines.find((e) => e.name === 'embedded')!
let dataDir = ''
let close: () => Promise<void> = async () => {}

const order = (customer: string, id: string, day: number, products: string[]): RawMessage => ({
  type: 'track',
  event: 'Order Completed',
  userId: customer,
  messageId: `order-${id}`,
  timestamp: new Date(Date.parse('2026-05-01') + day * 86_400_000).toISOString(),
  properties: {
    order_id: id,
    total: 10,
    products: products.map((p) => ({ product_id: p, name: p.toUpperCase(), price: 5 })),
  },
})

before(async () => {
  const reel = await embedded.start({ keepData: true })
  const events: RawMessage[] = []
  for (let i = 0; i < 10; i++)
    events.push(order(`u${i}`, `a${i}`, i, ['flour']), order(`u${i}`, `b${i}`, i + 10, ['yeast']))
  events.push(order('baker', 'k1', 25, ['flour']))
  await reel.ingestor.ingest(events)
  dataDir = reel.config.dataDir
  await reel.close()
  close = async () => {
    const again = await embedded.restart(reel)
    await again.close()
  }
})
after(() => close())

test('reel recs CUSTOMER lists what to show, with why; --json as the API; unknown customer exits 2', async () => {
  const env = { REEL_DATA_DIR: dataDir }
  const table = await runCli(['recs', 'baker', '--limit', '2'], env)
  assert.equal(table.code, 0, table.stderr)
  assert.match(table.stdout, /yeast +YEAST +5 +next +[\d.]+ +after flour ×10/)
  const json = await runCli(['recs', 'baker', '--json', '--context', 'order:k1'], env)
  assert.equal(json.code, 0, json.stderr)
  const body = JSON.parse(json.stdout)
  assert.equal(body.customerId, 'baker')
  assert.equal(body.items[0].productId, 'yeast')
  const unknown = await runCli(['recs', 'nobody'], env)
  assert.equal(unknown.code, 2)
  assert.match(unknown.stderr, /no customer nobody/)
  const badContext = await runCli(['recs', 'baker', '--context', 'k1'], env)
  assert.equal(badContext.code, 2)
})
