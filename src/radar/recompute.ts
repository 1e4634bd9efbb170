import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { customerHistories, membersAfter } from '../events/index.js'
import { runCustomerPass } from './customer-pass.js'
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
 */
export async function recomputeRadar(db: AnyDb, options: RecomputeOptions): Promise<RecomputeSummary> {
  const chunkSize = options.chunkSize ?? 1000
  return db.transaction().execute(async (tx) => {
    await sql`lock table radar_customers in exclusive mode`.execute(tx)
    await clearRuns(tx)
    await sql`create temp table radar_recomputed (id bigint primary key) on commit drop`.execute(tx)
    let after: string | null = null
    let customers = 0
    let signals = 0
    for (;;) {
      const ids = await membersAfter(tx, after, chunkSize)
      if (ids.length === 0) break
      const locked = new Map<string, LockedRun>(ids.map((id) => [id, { run: null, needsReplay: true }]))
      const pass = await runCustomerPass({
        locked,
        newEvents: new Map(),
        until: options.asOf.getTime(),
        histories: (chunk) => customerHistories(tx, chunk),
        config: options.settings,
      })
      // Replayed customers are reconciled at the end, over the whole table.
      const written = await writePass(tx, { ...pass, replayed: [] }, options.settings.wonBackDays)
      await sql`insert into radar_recomputed (id) select unnest(${written}::bigint[]) on conflict do nothing`.execute(
        tx,
      )
      customers += ids.length
      signals += pass.signals.length
      after = ids.at(-1) ?? null
      options.onProgress?.(customers)
    }
    const retracted = await sql`
      delete from radar_signals s
      where s.contacted_at is null and not exists (select 1 from radar_recomputed r where r.id = s.id)`.execute(
      tx,
    )
    return { customers, signals, retracted: Number(retracted.numAffectedRows ?? 0) }
  })
}
