import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { createRandom, generateDemoShop } from '../demo/index.js'
import { engines } from '../test-support/engines.js'

/** Every derived table, in a stable order, as JSON text. */
async function derivedState(db: AnyDb): Promise<Record<string, string[]>> {
  const tables: Record<string, string> = {
    customers: 'customer_id',
    orders: 'order_id',
    carts: 'cart_id',
    products: 'product_id',
    recs_baskets: 'order_id',
    recs_items: 'item_id',
    recs_pairs: 'item_a, item_b',
    recs_category_next: 'category_a, category_b',
    recs_item_weeks: 'week, item_id, category',
    shipments: 'shipment_id',
    shipment_scans: 'shipment_id, at, status',
    support_contacts: 'message_id',
  }
  const state: Record<string, string[]> = {}
  for (const [table, key] of Object.entries(tables)) {
    const rows = await sql<{
      row: unknown
    }>`select to_jsonb(t) as row from ${sql.table(table)} t order by ${sql.join(key.split(', ').map((k) => sql.ref(k)))}`.execute(
      db,
    )
    state[table] = rows.rows.map((r) => JSON.stringify(r.row))
  }
  return state
}

for (const engine of engines) {
  describe(`derived state on ${engine.name}`, { skip: engine.skip }, () => {
    test('rebuilding from the event log gives the state kept up to date event by event', async () => {
      const reel = await engine.start()
      try {
        const random = createRandom(7)
        const messages = [...generateDemoShop({ customers: 150, days: 400, seed: 3 })].flat()
        // Arrival batches of random sizes, as many small clients would send them.
        for (let i = 0; i < messages.length; ) {
          const size = 1 + Math.floor(random.next() * 300)
          await reel.ingestor.ingest(messages.slice(i, i + size))
          i += size
        }
        const live = await derivedState(reel.database.db)
        assert.ok((live.orders?.length ?? 0) > 100, 'the demo shop produced orders')
        assert.ok((live.recs_pairs?.length ?? 0) > 100, 'and the recommender counted them')
        assert.ok((live.shipments?.length ?? 0) > 50, 'and shipped them')
        assert.ok((live.support_contacts?.length ?? 0) > 0, 'and heard from buyers asking where they are')
        const replayed = await reel.projector.rebuild({ batchSize: 777 })
        assert.equal(replayed, messages.length, 'every event of the log is replayed')
        const rebuilt = await derivedState(reel.database.db)
        for (const [table, rows] of Object.entries(live)) {
          const other = rebuilt[table] ?? []
          assert.equal(other.length, rows.length, `${table}: as many rows after a rebuild`)
          const differing = rows.findIndex((row, i) => row !== other[i])
          if (differing >= 0)
            assert.equal(other[differing], rows[differing], `${table}: row ${differing} after a rebuild`)
        }
      } finally {
        await reel.close()
      }
    })
  })
}
