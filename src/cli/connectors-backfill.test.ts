import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { Command } from 'commander'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { STAND_IN_TOKEN, startShopifyStandIn } from '../connectors/backfill/shopify-stand-in.js'
import { shopifyBackfillMessages } from '../connectors/index.js'
import { engines } from '../test-support/engines.js'
import { registerConnectorsBackfill } from './connectors-backfill-command.js'
import type { WithReel } from './with-reel.js'

const SHOP = 'reel-test.myshopify.com'
const embedded = engines.find((e) => e.name === 'embedded')
let reel: Reel
let started = 0
before(async () => {
  reel = await (embedded ?? engines[0])!.start()
})
after(() => reel?.close())

const withReel: WithReel = async (run) => {
  started += 1
  return run(reel)
}

function program(): Command {
  const root = new Command().exitOverride()
  registerConnectorsBackfill(root, withReel, {
    toMessages: (shop) =>
      shopifyBackfillMessages(shop, (kind, id, problem) => assert.fail(`${kind} ${id}: ${problem}`)),
  })
  return root
}

test('reel connectors backfill shopify writes a shop’s past customers and orders as the webhooks’ events, once', async (t) => {
  const standIn = await startShopifyStandIn()
  t.after(() => standIn.close())
  const printed: string[] = []
  t.mock.method(console, 'log', (line: string) => printed.push(line))
  const args = ['connectors', 'backfill', 'shopify', '--shop', SHOP, '--token', STAND_IN_TOKEN]
  const more = ['--since', '2024-01-01', '--api-base', standIn.baseUrl]
  await program().parseAsync([...args, ...more], { from: 'user' })
  const orders = await sql<{ order_id: string; customer_id: string; cancelled: boolean }>`
    select order_id, customer_id, cancelled_at is not null as cancelled from orders order by order_id`.execute(
    reel.database.db,
  )
  assert.equal(orders.rows.length, 5, 'the five recorded orders')
  assert.ok(orders.rows.every((o) => o.customer_id.startsWith('shopify:')))
  assert.equal(orders.rows.filter((o) => o.cancelled).length, 1)
  assert.match(
    printed.join('\n'),
    /4 customers, 5 orders in 5 pages → \d+ events: \d+ accepted, \d+ duplicates, 0 quarantined/,
  )

  // The same history again (a shop back-filling twice, or over what its webhooks brought): nothing new.
  printed.length = 0
  await program().parseAsync([...args, ...more], { from: 'user' })
  assert.match(printed.join('\n'), / 0 accepted, \d+ duplicates, 0 quarantined/)
})

test('a bad option is named before Reel starts', async () => {
  const before = started
  await assert.rejects(
    program().parseAsync(
      [
        'connectors',
        'backfill',
        'shopify',
        '--shop',
        'https://x.myshopify.com',
        '--token',
        't',
        '--since',
        '2024-01-01',
      ],
      { from: 'user' },
    ),
    /^BackfillError: --shop: write the host name without a scheme/,
  )
  assert.equal(started, before)
})
