import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { memberHistoriesBetween, memberIds, type StoredEvent } from '../events/index.js'
import { runCustomerPass } from './customer-pass.js'
import { RADAR_PROJECTION } from './history-projection.js'
import { DETECTOR_KINDS } from './kinds.js'
import type { RadarSettings } from './settings.js'
import { clearRuns, type LockedRun } from './store.js'
import { writePass } from './write-pass.js'

export interface RecomputeOptions {
  /** Time is let pass up to here after each customer's last event. */
  asOf: Date
  settings: RadarSettings
  /** Members read and written per step. */
  chunkSize?: number
  onProgress?: (customersDone: number) => void
}

export interface RecomputeSummary {
  customers: number
  signals: number
  /** Stored signals that the log no longer supports, removed. */
  retracted: number
}

/**
 * Rebuilds every run and signal from the event log, member by member in bounded memory, in one
 * transaction: readers see the old radar until it commits, and live batches wait for it (the table
 * lock), so none is lost or applied twice. Signals the log still supports keep their id and their
 * campaign contact; those it no longer supports go, unless a campaign already contacted the customer.
 *
 * The next chunk's read is sent before this chunk is worked out, so the database reads while the
 * detectors run (the transaction's one connection runs the statements in the order they were sent).
 */
export async function recomputeRadar(db: AnyDb, options: RecomputeOptions): Promise<RecomputeSummary> {
  const chunkSize = options.chunkSize ?? 2000
  const until = options.asOf.getTime()
  return db.transaction().execute(async (tx) => {
    await sql`lock table radar_customers in exclusive mode`.execute(tx)
    await clearRuns(tx)
    await sql`create temp table radar_recomputed (id bigint primary key) on commit drop`.execute(tx)
    const members = await memberIds(tx)
    const read = (from: number) =>
      from >= members.length
        ? Promise.resolve(new Map<string, StoredEvent[]>())
        : memberHistoriesBetween(
            tx,
            members[from] as string,
            members[Math.min(from + chunkSize, members.length) - 1] as string,
            RADAR_PROJECTION,
          )
    let customers = 0
    let signals = 0
    let pendingWrite: Promise<void> = Promise.resolve()
    let next = read(0)
    for (let from = 0; from < members.length; from += chunkSize) {
      const histories = await next
      next = read(from + chunkSize)
      const locked = new Map<string, LockedRun>(
        [...histories.keys()].map((id) => [id, { run: null, needsReplay: true }]),
      )
      const pass = await runCustomerPass({
        locked,
        newEvents: new Map(),
        until,
        histories: async (ids) =>
          new Map(ids.map((id): [string, StoredEvent[]] => [id, histories.get(id) ?? []])),
        config: options.settings,
      })
      // One write in flight at most: each write is several statements, and reads sent meanwhile go
      // between them, so unbounded writes would fall ever further behind and hold their chunks in memory.
      await pendingWrite
      pendingWrite = (async () => {
        // Replayed customers are reconciled at the end, over the whole table.
        const written = await writePass(tx, { ...pass, replayed: [] }, options.settings.wonBackDays)
        await sql`insert into radar_recomputed (id) select unnest(${written}::bigint[]) on conflict do nothing`.execute(
          tx,
        )
      })()
      pendingWrite.catch(() => {}) // awaited in the next turn or below; this only keeps it from being "unhandled"
      customers += histories.size
      signals += pass.signals.length
      options.onProgress?.(customers)
    }
    await pendingWrite
    await next
    const retracted = await sql`
      delete from radar_signals s
      where s.contacted_at is null and s.kind = any(${[...DETECTOR_KINDS]}::text[]) and not exists (select 1 from radar_recomputed r where r.id = s.id)`.execute(
      tx,
    )
    return { customers, signals, retracted: Number(retracted.numAffectedRows ?? 0) }
  })
}
