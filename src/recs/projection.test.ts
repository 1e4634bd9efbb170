import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { RawMessage } from '../events/index.js'
import { engines } from '../test-support/engines.js'

const order = (customer: string, id: string, day: number, products: string[]): RawMessage => ({
  type: 'track',
  event: 'Order Completed',
  userId: customer,
  messageId: `order-${id}`,
  timestamp: new Date(Date.parse('2026-04-01') + day * 86_400_000).toISOString(),
  properties: { order_id: id, total: 5, products: products.map((product_id) => ({ product_id })) },
})

async function counts(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ row: string }>`
    select 'item ' || to_jsonb(i)::text as row from recs_items i
    union all select 'pair ' || to_jsonb(p)::text from recs_pairs p
    order by row`.execute(db)
  return rows.map((r) => r.row)
}

for (const engine of engines) {
  describe(`recs counts under concurrent batches (${engine.name})`, { skip: engine.skip }, () => {
    test('two batches at once with orders of the same new customers count both orders and the step between them', async () => {
      const reel = await engine.start()
      try {
        const first: RawMessage[] = []
        const second: RawMessage[] = []
        for (let i = 0; i < 20; i++) {
          first.push(order(`c${i}`, `a${i}`, 1, ['flour', 'sugar']))
          second.push(order(`c${i}`, `b${i}`, 9, ['yeast', 'flour']))
        }
        await Promise.all([reel.ingestor.ingest(first), reel.ingestor.ingest(second)])
        const live = await counts(reel.database.db)
        assert.ok(
          live.some((r) => r.includes('"item_a": "flour", "item_b": "yeast"') && r.includes('"next": 20')),
          live.join('\n'),
        )
        await reel.projector.rebuild()
        assert.deepEqual(await counts(reel.database.db), live)
      } finally {
        await reel.close()
      }
    })
  })
}
