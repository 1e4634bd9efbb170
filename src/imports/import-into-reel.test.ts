import assert from 'node:assert/strict'
import { describe } from 'node:test'
import { sql } from 'kysely'
import { engines } from '../test-support/engines.js'
import { runImport } from './index.js'
import { dataTest } from './test-support.js'

for (const engine of engines) {
  describe(`importing real shops into Reel on ${engine.name}`, { skip: engine.skip }, () => {
    dataTest(
      'the Olist sample lands as profiles, orders and reviews that match its facts',
      'olist_sample_4000',
      async (path) => {
        const reel = await engine.start()
        try {
          const first = await runImport({ format: 'olist', path }, reel.ingestor)
          assert.equal(first.quarantined, 0, 'no event is quarantined')
          const db = reel.database.db
          const one = async (query: ReturnType<typeof sql<{ n: number }>>) =>
            Number((await query.execute(db)).rows[0]?.n)
          assert.equal(await one(sql`select count(*) as n from orders`), 4000)
          assert.equal(
            await one(
              sql`select count(*) as n from orders where cancel_reason = 'out_of_stock' and completed_at is not null`,
            ),
            17,
          )
          assert.equal(await one(sql`select count(*) as n from orders where cancel_reason = 'other'`), 23)
          assert.equal(
            await one(
              sql`select count(*) as n from events where event = 'Product Reviewed' and (properties->>'rating')::numeric <= 2`,
            ),
            591,
          )
          assert.equal(await one(sql`select count(*) as n from customers where is_member`), 3998)
          const again = await runImport({ format: 'olist', path }, reel.ingestor)
          assert.equal(again.accepted, 0, 'a re-import stores nothing new')
          assert.equal(again.duplicates, first.accepted)
        } finally {
          await reel.close()
        }
      },
    )

    dataTest(
      'UCI Online Retail: cancellations and guests',
      'online_retail/online_retail_random_sample.csv',
      async (path) => {
        const reel = await engine.start()
        try {
          await runImport({ format: 'uci', path }, reel.ingestor)
          const db = reel.database.db
          const rows = await sql<{ members: number; guests: number; cancelled: number }>`
          select (select count(*) from customers where is_member) as members,
                 (select count(*) from customers where not is_member) as guests,
                 (select count(*) from orders where status = 'cancelled') as cancelled`.execute(db)
          assert.deepEqual(rows.rows[0], { members: 3049, guests: 831, cancelled: 313 })
        } finally {
          await reel.close()
        }
      },
    )
  })
}
