/**
 * The reference of the ingest bench: raw COPY of the same `events` rows into a fresh, migrated Reel
 * database of the same engine (same table, same indexes), timing only the COPY statements.
 */
import { spawn } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { migrations } from '../../src/app.js'
import { openDatabase } from '../../src/db/index.js'
import { freshEmbeddedDir } from '../../src/test-support/engines.js'
import { countEventRows, createBenchDatabase } from '../support/pg-database.js'
import { type CsvChunk, EVENT_COLUMNS } from './demo-corpus.js'

export interface CopyResult {
  rows: number
  copyMs: number
  eventsPerSec: number
}

const COLUMNS = EVENT_COLUMNS.join(', ')

/** PGlite in this process, with the durability settings the Reel server uses (fsync and synchronous commit on). */
export async function copyEmbedded(chunks: CsvChunk[]): Promise<CopyResult> {
  const dir = await freshEmbeddedDir()
  const startParams = [
    ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
    ...['-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'full_page_writes=on'],
  ]
  const db = await PGlite.create(join(dir, 'pgdata'), { startParams })
  try {
    let copyMs = 0
    for (const chunk of chunks) {
      const blob = new Blob([readFileSync(chunk.path)])
      const started = performance.now()
      await db.query(`COPY events (${COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob })
      copyMs += performance.now() - started
    }
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from events')
    const count = rows[0]?.n ?? 0
    return { rows: count, copyMs, eventsPerSec: count / (copyMs / 1000) }
  } finally {
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

function runPsql(url: string, scriptPath: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', scriptPath], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    child.once('error', fail)
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`psql exited with ${code}`))))
  })
}

/**
 * PostgreSQL: `\copy events (…) from FILE` (psql's COPY FROM STDIN), one psql session for every chunk;
 * the time includes that one connection. `pg-copy-streams` is not a dependency, so psql does the protocol.
 */
export async function copyPostgres(
  adminUrl: string,
  chunks: CsvChunk[],
  workDir: string,
): Promise<CopyResult> {
  const database = await createBenchDatabase(adminUrl)
  try {
    const reel = await openDatabase({ databaseUrl: database.url, dataDir: workDir, poolSize: 1 })
    await reel.migrate(migrations)
    await reel.close()
    const script = join(workDir, 'copy.sql')
    writeFileSync(
      script,
      chunks.map((c) => `\\copy events (${COLUMNS}) from '${c.path}' with (format csv)\n`).join(''),
    )
    const started = performance.now()
    await runPsql(database.url, script)
    const copyMs = performance.now() - started
    const count = await countEventRows(database.url)
    return { rows: count, copyMs, eventsPerSec: count / (copyMs / 1000) }
  } finally {
    await database.drop()
  }
}
