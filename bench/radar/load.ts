/**
 * Loads the radar bench's resolved `events` rows by COPY into a fresh, migrated Reel database that Reel
 * itself then opens: an embedded data folder (REEL_DATA_DIR; PGlite's files in its `pgdata`) or a fresh
 * PostgreSQL database (REEL_DATABASE_URL). Only the event log is loaded: no projection (profiles, orders,
 * carts, products, identities) is built, and the radar's own tables are empty until a recompute. The
 * projectors' checkpoints are then moved past the loaded rows, as the migration that introduced them did for
 * the log before it: the rows stand for history the projectors have seen, and the recompute (which reads what
 * the radar's projector has reached) and the live server start from there. After loading, `VACUUM (ANALYZE) events`: statistics (and the visibility map) as PostgreSQL's
 * autovacuum or the embedded engine's periodic maintenance would leave them.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type CsvChunk,
  copyCsvEmbedded,
  copyCsvWithPsql,
  countEmbeddedEventRows,
  createMigratedDatabase,
  openFreshEmbedded,
  runPsql,
} from '../support/event-copy.js'
import { type BenchDatabase, countEventRows } from '../support/pg-database.js'

/** Every projector past the loaded log (the radar reads only what its projector has reached). */
const PAST_THE_LOADED_LOG = `update projector_checkpoints
  set xid = pg_current_xact_id(), seq = coalesce((select max(seq) from events), 0), projected_at = now()`

export interface LoadResult {
  rows: number
  copyMs: number
  analyzeMs: number
}

/** A fresh data folder (migrated template copy), loaded with PGlite in this process, as the server sets it up. */
export async function loadEmbedded(chunks: CsvChunk[]): Promise<LoadResult & { dataDir: string }> {
  const { dataDir, db } = await openFreshEmbedded()
  try {
    let started = performance.now()
    await copyCsvEmbedded(db, chunks) // timed whole: reading the files included
    const copyMs = performance.now() - started
    await db.exec(PAST_THE_LOADED_LOG)
    started = performance.now()
    await db.exec('VACUUM (ANALYZE) events')
    const analyzeMs = performance.now() - started
    return { dataDir, rows: await countEmbeddedEventRows(db), copyMs, analyzeMs }
  } finally {
    await db.close()
  }
}

/** A fresh database on the server of `adminUrl`, migrated, loaded by psql's `\copy`; the caller drops it. */
export async function loadPostgres(
  adminUrl: string,
  chunks: CsvChunk[],
  workDir: string,
): Promise<LoadResult & { database: BenchDatabase }> {
  const database = await createMigratedDatabase(adminUrl, workDir)
  try {
    const script = join(workDir, 'radar-copy.sql')
    const copyMs = await copyCsvWithPsql(database.url, chunks, script)
    writeFileSync(script, `${PAST_THE_LOADED_LOG};\n`)
    await runPsql(database.url, script)
    writeFileSync(script, 'VACUUM (ANALYZE) events;\n')
    const started = performance.now()
    await runPsql(database.url, script)
    const analyzeMs = performance.now() - started
    return { database, rows: await countEventRows(database.url), copyMs, analyzeMs }
  } catch (error) {
    await database.drop()
    throw error
  }
}
