import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import type { Reel } from '../app.js'
import { engines } from '../test-support/engines.js'
import './index.js'

const { INT8, NUMERIC } = pg.types.builtins
// 20 significant digits, past 2^53: a double would end in ...568.
const MANY_DIGITS = '12345678901234567.89'

test("importing the database module leaves pg's process-wide parsers alone", () => {
  assert.equal(pg.types.getTypeParser(NUMERIC, 'text')('1.50'), '1.50')
  assert.equal(pg.types.getTypeParser(INT8, 'text')('9007199254740993'), '9007199254740993')
})

for (const engine of engines) {
  describe(`NUMERIC and INT8 on ${engine.name}`, { skip: engine.skip }, () => {
    let reel: Reel
    before(async () => {
      reel = await engine.start()
      await reel.database.pool.query('create table numeric_probe (id int primary key, v numeric)')
    })
    after(async () => reel?.close())

    test("Reel's pool reads them as numbers, and an amount stored from a number reads back as that number", async () => {
      const amounts = [0.1, 19.99, 39000, 9007199254740991, -0.000001]
      for (const [id, amount] of amounts.entries())
        await reel.database.pool.query('insert into numeric_probe values ($1, $2)', [id, amount])
      const { rows } = await reel.database.pool.query<{ v: number }>(
        'select v from numeric_probe order by id',
      )
      assert.deepEqual(
        rows.map((r) => r.v),
        amounts,
      )
      const sums = await reel.database.pool.query<{ sum: number; n: number }>(
        'select sum(v) as sum, count(*) as n from (values (0.1), (0.2)) as t(v)',
      )
      // PostgreSQL adds the decimals exactly; the one rounding to a double gives 0.3, not 0.30000000000000004.
      assert.deepEqual(sums.rows[0], { sum: 0.3, n: 2 })
    })

    test('a value with 20 significant digits reads back exactly as text', async () => {
      await reel.database.pool.query('insert into numeric_probe values (100, $1)', [MANY_DIGITS])
      const { rows } = await reel.database.pool.query<{ v: string }>(
        'select v::text as v from numeric_probe where id = 100',
      )
      assert.equal(rows[0]?.v, MANY_DIGITS)
    })

    test("another pg client in the process keeps pg's defaults", async () => {
      const client = new pg.Client(
        reel.config.databaseUrl
          ? { connectionString: reel.config.databaseUrl }
          : { host: reel.config.dataDir, port: 5432, user: 'postgres', database: 'postgres' },
      )
      await client.connect()
      try {
        const { rows } = await client.query(
          `select ${MANY_DIGITS}::numeric as v, 9007199254740993::int8 as n`,
        )
        assert.deepEqual(rows[0], { v: MANY_DIGITS, n: '9007199254740993' })
      } finally {
        await client.end()
      }
    })
  })
}
