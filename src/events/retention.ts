/**
 * REEL_EVENT_RETENTION_MONTHS on PostgreSQL: whole monthly partitions older than the setting are detached
 * and dropped, but only once every projector's checkpoint is past every event in them, so no projection
 * ever misses an event it had not read yet.
 */
import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { expiredPartitions, type MonthPartition, retentionCutoff } from './event-months.js'
import { listMonthPartitions } from './partitions.js'

/** What retention did with one expired month. */
export type RetainedMonth =
  | { partition: string; from: Date; to: Date; outcome: 'dropped'; events: number }
  /** Some projector has not read all of it yet (or the month was busy): tried again next round. */
  | { partition: string; from: Date; to: Date; outcome: 'kept'; reason: 'not projected' | 'busy' }

const LOCK_TIMEOUT = '5s'

/** Whether some projector's checkpoint on the event's log partition is still before some event of `table`. */
async function projectorsBehind(trx: AnyDb, table: string): Promise<boolean> {
  const row = await sql<{ behind: boolean }>`
    select exists (
      select 1 from projector_checkpoints c
      join ${sql.table(table)} e on e.part = c.part and (e.xid, e.seq) > (c.xid, c.seq)
    ) as behind`.execute(trx)
  return row.rows[0]?.behind !== false
}

async function dropMonth(db: AnyDb, month: MonthPartition): Promise<RetainedMonth> {
  const { name: partition, from, to } = month
  return db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = ${sql.lit(LOCK_TIMEOUT)}`.execute(trx)
    // No event can be written into the month while it is judged (only a clock set back would try).
    await sql`lock table ${sql.table(partition)} in share mode`.execute(trx)
    if (await projectorsBehind(trx, partition))
      return { partition, from, to, outcome: 'kept', reason: 'not projected' }
    const counted = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(partition)}`.execute(
      trx,
    )
    // A message id is remembered as long as its event is kept: the dedupe table shrinks with the log.
    await sql`
      delete from event_message_ids i using ${sql.table(partition)} e where i.message_id = e.message_id`.execute(
      trx,
    )
    await sql`alter table events detach partition ${sql.table(partition)}`.execute(trx)
    await sql`drop table ${sql.table(partition)}`.execute(trx)
    return { partition, from, to, outcome: 'dropped', events: counted.rows[0]?.n ?? 0 }
  })
}

const LOCK_NOT_AVAILABLE = '55P03'
const DEADLOCK = '40P01'

/**
 * Drops the monthly partitions wholly older than `retentionMonths` at `now` (null keeps everything) whose
 * events every projector has passed, oldest first, one transaction each; returns what it did with each.
 */
export async function dropExpiredEventMonths(
  db: AnyDb,
  now: Date,
  retentionMonths: number | null,
): Promise<RetainedMonth[]> {
  const expired = expiredPartitions(await listMonthPartitions(db), retentionCutoff(now, retentionMonths))
  const done: RetainedMonth[] = []
  for (const month of expired) {
    try {
      done.push(await dropMonth(db, month))
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code !== LOCK_NOT_AVAILABLE && code !== DEADLOCK) throw error
      // Readers or writers held the table past the lock timeout: the next round tries again.
      done.push({ partition: month.name, from: month.from, to: month.to, outcome: 'kept', reason: 'busy' })
    }
  }
  return done
}
