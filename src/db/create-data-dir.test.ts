import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { buildTemplate, createDataDir } from './create-data-dir.js'
import { openDatabase } from './index.js'

const scratch = mkdtempSync(join(tmpdir(), 'reel-create-data-dir-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

async function databasesIn(dataDir: string): Promise<string[]> {
  const database = await openDatabase({ dataDir })
  try {
    const { rows } = await database.pool.query<{ datname: string }>('select datname from pg_database')
    return rows.map((row) => row.datname).sort()
  } finally {
    await database.close()
  }
}

test('without a template a new data folder is made by initdb, and opens', async () => {
  const dataDir = join(scratch, 'by-initdb')
  await createDataDir(join(dataDir, 'pgdata'), join(scratch, 'no-template'))
  assert.deepEqual(await databasesIn(dataDir), ['postgres', 'template0', 'template1'])
})

test('a template is made once, and new data folders are copies of it that open', async () => {
  const template = join(scratch, 'template')
  assert.equal(await buildTemplate(template), 'made')
  assert.equal(await buildTemplate(template), 'current')
  const dataDir = join(scratch, 'from-template')
  await createDataDir(join(dataDir, 'pgdata'), template)
  assert.ok(!existsSync(join(dataDir, 'pgdata', 'reel-template.json')))
  assert.deepEqual(await databasesIn(dataDir), ['postgres', 'template0', 'template1'])
})

test('a template of another PGlite version is made again', async () => {
  const template = join(scratch, 'template')
  writeFileSync(join(template, 'reel-template.json'), JSON.stringify({ pglite: '0.0.1' }))
  assert.equal(await buildTemplate(template), 'made')
})
