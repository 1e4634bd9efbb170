import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { Command } from 'commander'
import type { Reel } from '../app.js'
import { STAND_IN_TOKEN, startShopifyStandIn } from '../connectors/backfill/shopify-stand-in.js'
import type { EventIngestor, RawMessage } from '../events/index.js'
import { registerConnectorsBackfill } from './connectors-backfill-command.js'
import type { WithReel } from './with-reel.js'

const scratch = mkdtempSync(join(tmpdir(), 'reel-cli-backfill-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

/** A Reel with only what the command touches: an ingestor that stores by messageId. */
function fakeReel() {
  const stored = new Map<string, RawMessage>()
  const settled: string[] = []
  const ingestor: EventIngestor = {
    async ingest(batch) {
      const fresh = batch.filter((m) => !stored.has(String(m.messageId)))
      for (const m of fresh) stored.set(String(m.messageId), m)
      return {
        accepted: fresh.length,
        duplicates: batch.length - fresh.length,
        quarantined: [],
        repaired: [],
        position: `1.${stored.size}`,
      }
    },
    async settle(position) {
      settled.push(position)
    },
  }
  let started = 0
  const withReel: WithReel = async (run) => {
    started += 1
    return run({ ingestor } as unknown as Reel)
  }
  return { stored, settled, withReel, started: () => started }
}

function program(withReel: WithReel): Command {
  const root = new Command().exitOverride()
  registerConnectorsBackfill(root, withReel, {
    toMessages: (kind, object) => [
      { type: 'track', event: kind, messageId: `shopify-${kind}-${(object as { id: number }).id}` },
    ],
  })
  return root
}

test('reel connectors backfill shopify stores every page through the ingestor, settles once and prints the summary', async (t) => {
  const standIn = await startShopifyStandIn()
  t.after(() => standIn.close())
  const reel = fakeReel()
  const printed: string[] = []
  t.mock.method(console, 'log', (line: string) => printed.push(line))
  const args = [
    'connectors',
    'backfill',
    'shopify',
    '--shop',
    'reel-test.myshopify.com',
    '--token',
    STAND_IN_TOKEN,
  ]
  const more = [
    '--since',
    '2024-01-01',
    '--api-base',
    standIn.baseUrl,
    '--state',
    join(scratch, 'state.json'),
  ]
  await program(reel.withReel).parseAsync([...args, ...more], { from: 'user' })
  assert.equal(reel.stored.size, 9)
  assert.deepEqual(reel.settled, ['1.9'])
  assert.match(
    printed.join('\n'),
    /4 customers, 5 orders in 5 pages → 9 events: 9 accepted, 0 duplicates, 0 quarantined/,
  )
  assert.match(printed.join('\n'), /7 API calls, 0 throttled waits \(429\)/)
})

test('a bad option is named before Reel starts', async () => {
  const reel = fakeReel()
  await assert.rejects(
    program(reel.withReel).parseAsync(
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
  assert.equal(reel.started(), 0)
})
