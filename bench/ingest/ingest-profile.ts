/**
 * Where a batch's time goes inside Reel, measured in this process on one engine, one batch at a time:
 * JSON.parse of the body, validation (validateMessage per event), and storage (the rest of
 * `ingestor.ingest`), with storage split by SQL statement by timing every `pg` query.
 */
import { rmSync } from 'node:fs'
import pg from 'pg'
import { startReel } from '../../src/app.js'
import { loadConfig } from '../../src/config/index.js'
import { type RawMessage, validateMessage } from '../../src/events/index.js'
import { freshEmbeddedDir } from '../../src/test-support/engines.js'
import { createBenchDatabase } from '../support/pg-database.js'

export interface IngestProfile {
  batches: number
  events: number
  /** Mean milliseconds per batch. */
  parseMs: number
  validateMs: number
  storageMs: number
  /** Storage time spent waiting for SQL statements, by statement, mean ms per batch and calls per batch. */
  statements: { label: string; ms: number; calls: number }[]
  /** Storage time not spent in a statement: building parameters, JSON.stringify, Kysely. */
  betweenStatementsMs: number
  /** Events validation rejected (the demo sends none). */
  invalid: number
  /** Events/s of one client ingesting batch after batch in-process (no HTTP). */
  sequentialEventsPerSec: number
}

type Recorder = Map<string, { ms: number; calls: number }>
let recorder: Recorder | undefined

/** A short name for a statement: its verb and first table. */
function labelOf(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim().toLowerCase()
  const write = /^(insert into|update|delete from) "?(\w+)/.exec(s)
  if (write) return `${write[1]?.split(' ')[0]} ${write[2]}`
  const read = /^select .*? from "?(\w+)/.exec(s)
  if (read) return `select ${read[1]}`
  return s.split(' ')[0] ?? s
}

type AnyQuery = (this: pg.Client, ...args: unknown[]) => unknown
const clientProto = pg.Client.prototype as unknown as { query: AnyQuery }
const originalQuery = clientProto.query
clientProto.query = function timedQuery(this: pg.Client, ...args: unknown[]) {
  const result = originalQuery.apply(this, args)
  const text = typeof args[0] === 'string' ? args[0] : undefined
  const active = recorder
  if (active && text && result instanceof Promise) {
    const started = performance.now()
    const label = labelOf(text)
    result.then(
      () => {
        const entry = active.get(label) ?? { ms: 0, calls: 0 }
        entry.ms += performance.now() - started
        entry.calls += 1
        active.set(label, entry)
      },
      () => {},
    )
  }
  return result
}

/** Ingests `bodies` one after another into a fresh database of the engine and times each part. */
export async function profileIngest(
  engine: 'embedded' | 'postgres',
  bodies: Buffer[],
  pgAdminUrl: string | undefined,
): Promise<IngestProfile> {
  const dataDir = engine === 'embedded' ? await freshEmbeddedDir() : '.reel-unused'
  const database = engine === 'postgres' && pgAdminUrl ? await createBenchDatabase(pgAdminUrl) : undefined
  const config = loadConfig({
    REEL_WRITE_KEY: 'bench-write-key',
    REEL_ADMIN_TOKEN: 'bench-admin-token-0123456789',
    REEL_LOG_LEVEL: 'silent',
    REEL_DATA_DIR: dataDir,
    ...(database ? { REEL_DATABASE_URL: database.url } : {}),
  })
  const reel = await startReel(config)
  let parseMs = 0
  let validateMs = 0
  let ingestMs = 0
  let events = 0
  let invalid = 0
  const statements: Recorder = new Map()
  try {
    const receivedAt = new Date().toISOString()
    for (const body of bodies) {
      let t = performance.now()
      const { batch } = JSON.parse(body.toString('utf8')) as { batch: RawMessage[] }
      parseMs += performance.now() - t
      t = performance.now()
      for (const [i, m] of batch.entries()) if (!validateMessage(m, i, receivedAt).ok) invalid += 1
      validateMs += performance.now() - t
      recorder = statements
      t = performance.now()
      await reel.ingestor.ingest(batch, { settle: false })
      ingestMs += performance.now() - t
      recorder = undefined
      events += batch.length
    }
  } finally {
    recorder = undefined
    await reel.close()
    if (engine === 'embedded') rmSync(dataDir, { recursive: true, force: true })
    await database?.drop()
  }
  const n = bodies.length
  const storageMs = ingestMs - validateMs
  const inStatements = [...statements.values()].reduce((sum, s) => sum + s.ms, 0)
  return {
    batches: n,
    events,
    parseMs: parseMs / n,
    validateMs: validateMs / n,
    storageMs: storageMs / n,
    statements: [...statements]
      .map(([label, s]) => ({ label, ms: s.ms / n, calls: s.calls / n }))
      .sort((a, b) => b.ms - a.ms),
    betweenStatementsMs: (storageMs - inStatements) / n,
    invalid,
    sequentialEventsPerSec: events / ((parseMs + ingestMs) / 1000),
  }
}
