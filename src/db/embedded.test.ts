import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import pg from 'pg'
import { openDatabase } from './index.js'

test('a client that vanishes mid-transaction does not lock the embedded database for the others', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reel-embedded-'))
  const database = await openDatabase({ dataDir: dir })
  try {
    await database.pool.query('create table t (v int)')
    const client = new pg.Client({ host: dir, port: 5432, user: 'postgres', database: 'postgres' })
    client.on('error', () => undefined)
    await client.connect()
    await client.query('begin')
    await client.query('insert into t values (1)')
    client.connection.stream.destroy()
    const rows = await Promise.race([
      database.pool.query<{ n: number }>('select count(*)::int as n from t'),
      new Promise<never>((_, fail) =>
        setTimeout(() => fail(new Error('the database stayed locked')), 10_000),
      ),
    ])
    assert.equal(rows.rows[0]?.n, 0, "the vanished client's insert was rolled back")
  } finally {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
