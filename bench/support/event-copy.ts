/**
 * COPY of `events` rows, written as CSV chunks, into a fresh migrated Reel database (same table, same
 * indexes): the embedded engine's PGlite opened in this process as the server opens it, or a fresh
 * PostgreSQL database loaded by psql's `\copy`. The ingest bench times it as its reference, the radar
 * bench loads its demo shop with it. The callers time what they measure.
 */
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { migrations } from '../../src/app.js'
import { openDatabase } from '../../src/db/index.js'
import { freshEmbeddedDir } from '../../src/test-support/engines.js'
import { type BenchDatabase, createBenchDatabase } from './pg-database.js'

/** Columns of Reel's `events` table that a client's event fills (`seq` is the table's own). */
export const EVENT_COLUMNS = [
  'message_id',
  'customer_id',
  'user_id',
  'anonymous_id',
  'type',
  'event',
  'name',
  'occurred_at',
  'received_at',
  'source',
  'properties',
  'traits',
  'context',
] as const

/** A CSV file of `events` rows, columns EVENT_COLUMNS. */
export interface CsvChunk {
  path: string
  rows: number
  bytes: number
}

const COLUMNS = EVENT_COLUMNS.join(', ')

/**
 * A fresh data folder (migrated template copy) and PGlite on it in this process, with the durability
 * settings the Reel server uses (fsync and synchronous commit on); the caller closes it.
 */
export async function openFreshEmbedded(): Promise<{ dataDir: string; db: PGlite }> {
  const dataDir = await freshEmbeddedDir()
  const startParams = [
    ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
    ...['-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'full_page_writes=on'],
  ]
  return { dataDir, db: await PGlite.create(join(dataDir, 'pgdata'), { startParams }) }
}

/**
 * `COPY events (…) FROM` every chunk, one statement a chunk, each file read into memory first; returns
 * the milliseconds of the COPY statements alone (reading the files not included).
 */
export async function copyCsvEmbedded(db: PGlite, chunks: CsvChunk[]): Promise<number> {
  let copyMs = 0
  for (const chunk of chunks) {
    const blob = new Blob([readFileSync(chunk.path)])
    const started = performance.now()
    await db.query(`COPY events (${COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob })
    copyMs += performance.now() - started
  }
  return copyMs
}

/** `select count(*) from events` on PGlite. */
export async function countEmbeddedEventRows(db: PGlite): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from events')
  return rows[0]?.n ?? 0
}

/** A fresh database on the server of `adminUrl`, migrated; the caller drops it (dropped here if migrating fails). */
export async function createMigratedDatabase(adminUrl: string, workDir: string): Promise<BenchDatabase> {
  const database = await createBenchDatabase(adminUrl)
  try {
    const reel = await openDatabase({ databaseUrl: database.url, dataDir: workDir, poolSize: 1 })
    await reel.migrate(migrations)
    await reel.close()
    return database
  } catch (error) {
    await database.drop()
    throw error
  }
}

/** Runs a psql script file on `url`, stopping at the first error. */
export function runPsql(url: string, scriptPath: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', scriptPath], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    child.once('error', fail)
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`psql exited with ${code}`))))
  })
}

/**
 * `\copy events (…) from FILE` (psql's COPY FROM STDIN) of every chunk in one psql session, the script
 * written to `scriptPath`; returns the milliseconds of the psql run alone (that one connection included).
 * `pg-copy-streams` is not a dependency, so psql does the protocol.
 */
export async function copyCsvWithPsql(url: string, chunks: CsvChunk[], scriptPath: string): Promise<number> {
  writeFileSync(
    scriptPath,
    chunks.map((c) => `\\copy events (${COLUMNS}) from '${c.path}' with (format csv)\n`).join(''),
  )
  const started = performance.now()
  await runPsql(url, scriptPath)
  return performance.now() - started
}
