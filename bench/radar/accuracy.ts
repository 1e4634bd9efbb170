/**
 * Signals against the demo's ground truth, kind by kind, on (kind, customer, key, at): precision (share of
 * the signals found that the truth holds) and recall (share of the truth found), with the first misses.
 */
import pg from 'pg'
import { openDatabase } from '../../src/db/index.js'
import type { GroundTruth } from '../../src/demo/index.js'
import { SQL_RADAR_QUERIES, type SqlRadarKind } from './sql-reference.js'

/** The kinds compared: every kind of the truth that Reel detects (coupons are not issued yet). */
export const KINDS = Object.keys(SQL_RADAR_QUERIES) as SqlRadarKind[]

export interface FoundSignal {
  kind: string
  customerId: string
  key: string
  at: string
}

export interface KindAccuracy {
  kind: SqlRadarKind
  found: number
  expected: number
  hits: number
  precision: number
  recall: number
  /** Up to three signals the truth does not hold, and three truth entries not found. */
  extra: string[]
  missed: string[]
}

const identity = (s: FoundSignal): string => `${s.kind} ${s.customerId} ${s.key} ${s.at}`

export function compareWithTruth(found: readonly FoundSignal[], truth: GroundTruth): KindAccuracy[] {
  return KINDS.map((kind) => {
    const mine = new Set(found.filter((s) => s.kind === kind).map(identity))
    const expected = new Set(truth.kinds[kind].map((t) => identity({ kind, ...t })))
    let hits = 0
    for (const f of mine) if (expected.has(f)) hits++
    return {
      kind,
      found: mine.size,
      expected: expected.size,
      hits,
      precision: mine.size === 0 ? (expected.size === 0 ? 1 : 0) : hits / mine.size,
      recall: expected.size === 0 ? 1 : hits / expected.size,
      extra: [...mine].filter((f) => !expected.has(f)).slice(0, 3),
      missed: [...expected].filter((e) => !mine.has(e)).slice(0, 3),
    }
  })
}

/** Whether every kind has precision and recall 1. */
export const exact = (accuracy: readonly KindAccuracy[]): boolean =>
  accuracy.every((a) => a.precision === 1 && a.recall === 1)

async function signalRows(client: pg.ClientBase | pg.Pool): Promise<FoundSignal[]> {
  const { rows } = await client.query<{ kind: string; customer_id: string; key: string; at: Date }>(
    'select kind, customer_id, key, at from radar_signals',
  )
  return rows.map((r) => ({ kind: r.kind, customerId: r.customer_id, key: r.key, at: r.at.toISOString() }))
}

/** Every stored signal of a PostgreSQL database. */
export async function postgresSignals(url: string): Promise<FoundSignal[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await signalRows(client)
  } finally {
    await client.end()
  }
}

/** Every stored signal of an embedded data folder (opened in this process; no server may run on it). */
export async function embeddedSignals(dataDir: string): Promise<FoundSignal[]> {
  const database = await openDatabase({ dataDir, poolSize: 1 })
  try {
    return await signalRows(database.pool)
  } finally {
    await database.close()
  }
}
