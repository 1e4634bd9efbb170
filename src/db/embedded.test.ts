import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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

test('a data folder left half-made by a killed first start is made anew and opens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reel-embedded-'))
  // What a start killed mid-initdb leaves: a partial folder, and (from older versions) a pgdata without PG_VERSION.
  mkdirSync(join(dir, 'pgdata.partial', 'base'), { recursive: true })
  mkdirSync(join(dir, 'pgdata', 'global'), { recursive: true })
  writeFileSync(join(dir, 'pgdata', 'global', 'pg_control'), 'half')
  const database = await openDatabase({ dataDir: dir })
  try {
    const { rows } = await database.pool.query<{ n: number }>('select count(*)::int as n from pg_database')
    assert.ok((rows[0]?.n ?? 0) >= 2, 'template1 and postgres exist')
    assert.ok(existsSync(join(dir, 'pgdata', 'PG_VERSION')))
    assert.ok(!existsSync(join(dir, 'pgdata.partial')))
  } finally {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
