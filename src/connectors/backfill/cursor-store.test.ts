import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { openDatabase, settingsMigrations } from '../../db/index.js'
import { dropDatabase, freshEmbeddedDir, freshPostgresUrl } from '../../test-support/engines.js'
import { BackfillError } from './backfill-error.js'
import {
  type BackfillCursor,
  type CursorStore,
  fileCursorStore,
  settingsCursorStore,
} from './cursor-store.js'

const scratch = mkdtempSync(join(tmpdir(), 'reel-backfill-cursor-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

const SHOP = 'reel-test.myshopify.com'
const cursor: BackfillCursor = {
  shop: SHOP,
  since: '2024-01-01T00:00:00Z',
  apiVersion: '2025-01',
  resource: 'orders',
  nextUrl: `https://${SHOP}/admin/api/2025-01/orders.json?page_info=abc&limit=250`,
  counts: { pages: 3, customers: 4, orders: 2, events: 6, accepted: 6, duplicates: 0, quarantined: 0 },
  savedAt: '2025-01-01T00:00:00.000Z',
}

async function keepsACursor(store: CursorStore): Promise<void> {
  assert.equal(await store.load(), undefined)
  await store.save(cursor)
  assert.deepEqual(await store.load(), cursor)
  await store.save({ ...cursor, nextUrl: null })
  assert.equal((await store.load())?.nextUrl, null)
  await store.clear()
  assert.equal(await store.load(), undefined)
}

test('a file keeps the cursor between runs, replaced whole, and forgets it when cleared', async () => {
  const folder = mkdtempSync(join(scratch, 'file-'))
  await keepsACursor(fileCursorStore(join(folder, 'state.json')))
  assert.deepEqual(readdirSync(folder), [], 'no partial file is left behind')
})

test('a file that holds no cursor is reported, not taken for a fresh start', async () => {
  const path = join(scratch, 'garbage.json')
  writeFileSync(path, '{"resource":"orders"}')
  await assert.rejects(
    fileCursorStore(path).load(),
    (error: unknown) =>
      error instanceof BackfillError && error.problem === 'bad-cursor' && error.message.includes(path),
  )
})

const PG_URL = process.env.REEL_TEST_DATABASE_URL
test("Reel's settings table keeps the cursor (PostgreSQL)", {
  skip: PG_URL ? false : 'set REEL_TEST_DATABASE_URL to run it',
}, async () => {
  const url = await freshPostgresUrl()
  const database = await openDatabase({ databaseUrl: url, dataDir: scratch })
  try {
    await database.migrate(settingsMigrations)
    await keepsACursor(settingsCursorStore(database.db, SHOP))
    // Each shop has its own cursor.
    await settingsCursorStore(database.db, SHOP).save(cursor)
    assert.equal(await settingsCursorStore(database.db, 'other.myshopify.com').load(), undefined)
  } finally {
    await database.close()
    await dropDatabase(url)
  }
})

test("Reel's settings table keeps the cursor (embedded)", async () => {
  // A copy of the migrated template: a fresh PGlite folder takes many seconds to initialise.
  const dataDir = await freshEmbeddedDir()
  const database = await openDatabase({ dataDir })
  try {
    await keepsACursor(settingsCursorStore(database.db, SHOP))
  } finally {
    await database.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
