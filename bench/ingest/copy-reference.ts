/**
 * The reference of the ingest bench: raw COPY of the same `events` rows into a fresh, migrated Reel
 * database of the same engine (same table, same indexes), timing only the COPY statements.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import {
  type CsvChunk,
  copyCsvEmbedded,
  copyCsvWithPsql,
  countEmbeddedEventRows,
  createMigratedDatabase,
  openFreshEmbedded,
} from '../support/event-copy.js'
import { countEventRows } from '../support/pg-database.js'

export interface CopyResult {
  rows: number
  copyMs: number
  eventsPerSec: number
}

/** PGlite in this process, with the durability settings the Reel server uses (fsync and synchronous commit on). */
export async function copyEmbedded(chunks: CsvChunk[]): Promise<CopyResult> {
  const { dataDir, db } = await openFreshEmbedded()
  try {
    const copyMs = await copyCsvEmbedded(db, chunks)
    const count = await countEmbeddedEventRows(db)
    return { rows: count, copyMs, eventsPerSec: count / (copyMs / 1000) }
  } finally {
    await db.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * PostgreSQL: `\copy events (…) from FILE` (psql's COPY FROM STDIN), one psql session for every chunk;
 * the time includes that one connection.
 */
export async function copyPostgres(
  adminUrl: string,
  chunks: CsvChunk[],
  workDir: string,
): Promise<CopyResult> {
  const database = await createMigratedDatabase(adminUrl, workDir)
  try {
    const copyMs = await copyCsvWithPsql(database.url, chunks, join(workDir, 'copy.sql'))
    const count = await countEventRows(database.url)
    return { rows: count, copyMs, eventsPerSec: count / (copyMs / 1000) }
  } finally {
    await database.drop()
  }
}
