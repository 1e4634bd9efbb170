import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { engines } from '../test-support/engines.js'

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 10)).toISOString()

/** Two customers who bought, one of whom browsed anonymously first and was then tied to her account. */
const shopLife = [
  {
    type: 'track',
    anonymousId: 'anon-ana',
    event: 'Product Viewed',
    properties: { product_id: 'p1' },
    timestamp: at(1),
    messageId: 'pv-1',
  },
  {
    type: 'identify',
    userId: 'ana',
    anonymousId: 'anon-ana',
    traits: { email: 'ana@example.com', name: 'Ana' },
    timestamp: at(1),
    messageId: 'id-ana',
  },
  {
    type: 'track',
    userId: 'ana',
    event: 'Order Completed',
    properties: { order_id: 'o-ana', total: 80, currency: 'EUR' },
    timestamp: at(2),
    messageId: 'oc-ana',
  },
  {
    type: 'identify',
    userId: 'ben',
    traits: { email: 'ben@example.com' },
    timestamp: at(1),
    messageId: 'id-ben',
  },
  {
    type: 'track',
    userId: 'ben',
    event: 'Order Completed',
    properties: { order_id: 'o-ben', total: 50, currency: 'EUR' },
    timestamp: at(3),
    messageId: 'oc-ben',
  },
]

async function count(reel: Reel, table: string, where: string, value: string): Promise<number> {
  const r = await sql<{
    n: number
  }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(where)} = ${value}`.execute(
    reel.database.db,
  )
  return r.rows[0]?.n ?? 0
}

for (const engine of engines) {
  describe(`a customer's data erased and exported (${engine.name})`, { skip: engine.skip }, () => {
    let reel: Reel
    before(async () => {
      reel = await engine.start()
      await reel.ingestor.ingest(shopLife)
    })
    after(() => reel?.close())

    it('exports every row that names the customer, found by an id linked to them', async () => {
      const done = await reel.privacy.fulfil({ kind: 'export', source: 'operator', subject: 'anon-ana' })
      const result = done.result as {
        customerIds: string[]
        tables: Record<string, Record<string, unknown>[]>
      }
      assert.deepEqual(new Set(result.customerIds), new Set(['ana', 'anon-ana']))
      assert.equal(result.tables.customers?.[0]?.email, 'ana@example.com')
      assert.deepEqual(
        result.tables.orders?.map((o) => o.order_id),
        ['o-ana'],
      )
      assert.equal(result.tables.events?.length, 3, 'her view, her identify and her order')
      assert.ok(!JSON.stringify(result).includes('ben@example.com'), 'nothing of another customer')
      assert.equal((await reel.privacy.get(done.id))?.kind, 'export')
    })

    it('erases what she gave, keeps her order under a pseudonym, leaves the other customer whole', async () => {
      const done = await reel.privacy.fulfil({ kind: 'erase', source: 'operator', subject: 'ana' })
      for (const [table, column] of [
        ['events', 'customer_id'],
        ['customers', 'customer_id'],
        ['identities', 'customer_id'],
        ['orders', 'customer_id'],
      ] as const)
        assert.equal(await count(reel, table, column, 'ana'), 0, `${table} no longer names her`)
      assert.equal(await count(reel, 'events', 'anonymous_id', 'anon-ana'), 0)
      const kept = await sql<{
        customer_id: string
        total: number
      }>`select customer_id, total from orders where order_id = 'o-ana'`.execute(reel.database.db)
      assert.match(
        kept.rows[0]?.customer_id ?? '',
        /^erased_/,
        'the order stays in the figures, tied to nobody',
      )
      assert.equal(kept.rows[0]?.total, 80)
      assert.equal(await count(reel, 'customers', 'customer_id', 'ben'), 1)
      assert.equal(await count(reel, 'events', 'customer_id', 'ben'), 2)
      const record = JSON.stringify((await reel.privacy.get(done.id))?.result)
      assert.ok(!record.includes('erased_'), 'the record does not lead from her to the pseudonym')
      assert.match(record, /"events":3/)
      assert.deepEqual(
        (await reel.privacy.list()).map((r) => r.kind),
        ['erase', 'export'],
      )
    })
  })
}
