import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import type { Reel } from '../app.js'
import { engines } from '../test-support/engines.js'
import { clientCausedDatabaseError } from './database-errors.js'

for (const engine of engines) {
  describe(`database errors a client's input can cause, on ${engine.name}`, { skip: engine.skip }, () => {
    let reel: Reel
    before(async () => {
      reel = await engine.start()
    })
    after(async () => reel?.close())

    const errorOf = async (query: ReturnType<typeof sql>) => {
      try {
        await query.execute(reel.database.db)
      } catch (error) {
        return error
      }
      assert.fail('the query was expected to fail')
    }

    test('bad text, NUL, out-of-range numbers and times, oversized index keys are the client’s', async () => {
      await sql`create table limits (short varchar(5), long text primary key)`.execute(reel.database.db)
      const cases = [
        sql`select ${'abc'}::bigint`,
        sql`select ${'a\u0000b'}::text`,
        sql`select ${'99999999999999999999'}::bigint`,
        sql`select ${'0000-01-01T00:00:00Z'}::timestamptz`,
        sql`insert into limits values (${'x'.repeat(20)}, 'a')`,
        sql`insert into limits values ('x', ${'x'.repeat(1_000_000)})`,
      ]
      for (const query of cases) {
        const error = await errorOf(query)
        assert.ok(clientCausedDatabaseError(error), `${(error as Error).message} counts as the client’s`)
      }
    })

    test('a missing table or a broken query stays Reel’s own failure', async () => {
      assert.equal(clientCausedDatabaseError(await errorOf(sql`select * from no_such_table`)), undefined)
      assert.equal(clientCausedDatabaseError(await errorOf(sql`select from where`)), undefined)
      assert.equal(clientCausedDatabaseError(new Error('EPIPE')), undefined)
      assert.equal(clientCausedDatabaseError(Object.assign(new Error('pipe'), { code: 'EPIPE' })), undefined)
    })
  })
}
