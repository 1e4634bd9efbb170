import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { comparePositions, LOG_START, type LogPosition } from './log-position.js'
import { PARTS, type ProjectorName } from './migrations.js'
import {
  type CustomerMerge,
  type Projection,
  STORED_EVENT_COLUMNS,
  type StoredEvent,
  type StoredEventRow,
  storedEventFromRow,
} from './stored-event.js'

/** A projector: projections kept up to date together, with one checkpoint per partition. */
export interface ProjectorGroup {
  name: ProjectorName
  projections: Projection[]
}

/** What one batch on a set of partitions did. */
export interface BatchOutcome {
  /** Events projected (merges not counted). */
  projected: number
  /** Whether the batch stopped at its size: there is more to read now. */
  full: boolean
}

type Item =
  | { kind: 'event'; position: LogPosition; event: StoredEvent }
  | { kind: 'merge'; position: LogPosition; merge: CustomerMerge }

interface Range {
  part: number
  from: LogPosition
  to: LogPosition
}

const ALL_PARTS = Array.from({ length: PARTS }, (_, part) => part)

const minOf = (a: LogPosition, b: LogPosition) => (comparePositions(a, b) <= 0 ? a : b)
const maxOf = (a: LogPosition, b: LogPosition) => (comparePositions(a, b) >= 0 ? a : b)

async function checkpoints(
  trx: AnyDb,
  projector: ProjectorName,
  parts: readonly number[],
  lock: boolean,
): Promise<Map<number, LogPosition>> {
  const rows = await sql<{ part: number; xid: string; seq: string | number }>`
    select part, xid::text as xid, seq from projector_checkpoints
    where projector = ${projector} and part = any(${[...parts]}::smallint[])
    order by part ${lock ? sql`for update` : sql``}`.execute(trx)
  return new Map(rows.rows.map((r) => [r.part, { xid: r.xid, seq: Number(r.seq) }]))
}

const XID_WRAP = 1n << 32n

/**
 * Where reading the log must stop now: at the oldest transaction of this database still running (it may
 * yet commit events below any later one), else at the next transaction id. Every event below it is
 * committed or gone for good. Transactions of other databases on the server do not count: xids are
 * server-wide, so `pg_snapshot_xmin` alone would wait on a long transaction of another application.
 * The next id is read first: a transaction that takes an id after it takes a higher one, and one that
 * had an id by then is in the list read after.
 */
export async function horizon(trx: AnyDb): Promise<LogPosition> {
  const next = await sql<{
    xid: string
  }>`select pg_snapshot_xmax(pg_current_snapshot())::text as xid`.execute(trx)
  const xmax = BigInt(next.rows[0]?.xid ?? '0')
  const running = await sql<{ xid: string }>`
    select backend_xid::text as xid from pg_stat_activity
    where datname = current_database() and backend_xid is not null`.execute(trx)
  let oldest = xmax
  for (const r of running.rows) {
    // backend_xid is the 32-bit xid: its epoch is the next id's, or the one before when it wrapped since.
    let full = (xmax & ~(XID_WRAP - 1n)) | BigInt(r.xid)
    if (full > xmax) full -= XID_WRAP
    if (full < oldest) oldest = full
  }
  return { xid: oldest.toString(), seq: 0 }
}

/** Rows of `table` (events or customer_merges) in the ranges, in log order. */
function rangeQuery(
  table: 'events' | 'customer_merges',
  columns: ReturnType<typeof sql>,
  ranges: Range[],
  replay: boolean,
) {
  const lowest = ranges.map((r) => r.from).reduce(minOf)
  const highest = ranges.map((r) => r.to).reduce(maxOf)
  return sql`
    select ${columns}, t.xid::text as log_xid, t.seq as log_seq
    from ${sql.table(table)} t
    join unnest(${ranges.map((r) => r.part)}::smallint[],
      ${ranges.map((r) => r.from.xid)}::text[]::xid8[], ${ranges.map((r) => r.from.seq)}::bigint[],
      ${ranges.map((r) => r.to.xid)}::text[]::xid8[], ${ranges.map((r) => r.to.seq)}::bigint[])
      as c(part, from_xid, from_seq, to_xid, to_seq) on t.part = c.part
    where (t.xid, t.seq) > (c.from_xid, c.from_seq) and (t.xid, t.seq) <= (c.to_xid, c.to_seq)
      and (t.xid, t.seq) > (${lowest.xid}::xid8, ${lowest.seq}::bigint)
      and (t.xid, t.seq) <= (${highest.xid}::xid8, ${highest.seq}::bigint)
      ${table === 'events' && !replay ? sql`and not t.projected_by_writer` : sql``}
    order by t.xid, t.seq`
}

const EVENT_COLUMNS = sql.join(STORED_EVENT_COLUMNS.map((c) => sql.ref(`t.${c}`)))

async function readItems(trx: AnyDb, ranges: Range[], limit: number, replay: boolean) {
  const [events, merges] = await Promise.all([
    sql<StoredEventRow & { log_xid: string; log_seq: number }>`
      ${rangeQuery('events', EVENT_COLUMNS, ranges, replay)} limit ${limit}`.execute(trx),
    sql<{ from_id: string; to_id: string; log_xid: string; log_seq: number }>`
      ${rangeQuery('customer_merges', sql`t.from_id, t.to_id`, ranges, replay)} limit ${limit}`.execute(trx),
  ])
  const position = (r: { log_xid: string; log_seq: number }) => ({ xid: r.log_xid, seq: Number(r.log_seq) })
  // A full read may have more rows behind it: only what lies before the first full read's end is complete.
  let cut: LogPosition | null = null
  for (const rows of [events.rows, merges.rows])
    if (rows.length === limit) {
      const last = position(rows[rows.length - 1] as (typeof rows)[number])
      cut = cut ? minOf(cut, last) : last
    }
  const items: Item[] = [
    ...events.rows.map((r): Item => ({ kind: 'event', position: position(r), event: storedEventFromRow(r) })),
    ...merges.rows.map(
      (r): Item => ({ kind: 'merge', position: position(r), merge: { from: r.from_id, to: r.to_id } }),
    ),
  ]
    .filter((i) => cut === null || comparePositions(i.position, cut) <= 0)
    .sort((a, b) => comparePositions(a.position, b.position))
  return { items, cut }
}

/** Applies items in log order: runs of events together, each merge where it stands. */
async function apply(trx: AnyDb, projections: Projection[], items: Item[]): Promise<void> {
  let events: StoredEvent[] = []
  const flush = async () => {
    if (events.length === 0) return
    for (const p of projections) await p.apply(trx, events)
    events = []
  }
  for (const item of items) {
    if (item.kind === 'event') {
      events.push(item.event)
      continue
    }
    await flush()
    for (const p of projections) await p.merge(trx, [item.merge])
  }
  await flush()
}

/**
 * One batch of one projector on the given partitions, in the caller's transaction: the partitions'
 * checkpoints are locked (a second process projecting them waits, then reads where this one stopped),
 * moved past what is read, and the projections applied, so the changes and the checkpoint commit together.
 * The first projector reads up to the horizon (read once per transaction: pg_stat_activity is read once
 * per transaction too); a later one no further than the projector before it.
 */
export async function projectBatch(
  trx: AnyDb,
  group: ProjectorGroup,
  /** The horizon (for the first projector) or the projector it follows. */
  bound: LogPosition | ProjectorName,
  parts: readonly number[],
  limit: number,
  /** A rebuild's replay: also the events their writer projected. */
  replay = false,
): Promise<BatchOutcome> {
  const head = typeof bound === 'string' ? null : bound
  const upstream = typeof bound === 'string' ? bound : null
  const from = await checkpoints(trx, group.name, parts, true)
  const bounds = upstream === null ? null : await checkpoints(trx, upstream, parts, false)
  const ranges: Range[] = []
  for (const part of parts) {
    const start = from.get(part)
    const end = head ?? bounds?.get(part)
    if (start && end && comparePositions(start, end) < 0) ranges.push({ part, from: start, to: end })
  }
  if (ranges.length === 0) return { projected: 0, full: false }
  const { items, cut } = await readItems(trx, ranges, limit, replay)
  if (items.length === 0) return { projected: 0, full: false }
  // Every partition read moves on together, so an idle partition does not hold the next read's range back.
  const moved = ranges.map((r) => ({ part: r.part, to: cut ? maxOf(r.from, minOf(cut, r.to)) : r.to }))
  await sql`
    update projector_checkpoints c set xid = v.xid::xid8, seq = v.seq, projected_at = now()
    from unnest(${moved.map((m) => m.part)}::smallint[], ${moved.map((m) => m.to.xid)}::text[],
      ${moved.map((m) => m.to.seq)}::bigint[]) as v(part, xid, seq)
    where c.projector = ${group.name} and c.part = v.part`.execute(trx)
  await apply(trx, group.projections, items)
  return { projected: items.filter((i) => i.kind === 'event').length, full: cut !== null }
}

/** Resets a projector's checkpoints to the start of the log, in the caller's transaction. */
export async function resetCheckpoints(trx: AnyDb, projector: ProjectorName): Promise<void> {
  await checkpoints(trx, projector, ALL_PARTS, true)
  await sql`
    update projector_checkpoints set xid = ${LOG_START.xid}::xid8, seq = ${LOG_START.seq}, projected_at = now()
    where projector = ${projector}`.execute(trx)
}

/** Whether every event and merge up to `position` has passed `projector` on every partition. */
export async function projectedUpTo(
  db: AnyDb,
  projector: ProjectorName,
  position: LogPosition,
): Promise<boolean> {
  const behind = await sql<{ behind: boolean }>`
    with c as (select part, xid, seq from projector_checkpoints where projector = ${projector}),
    lowest as (select xid, seq from c order by xid, seq limit 1)
    select exists (
      select 1 from events e join c on c.part = e.part, lowest
      where (e.xid, e.seq) > (lowest.xid, lowest.seq) and (e.xid, e.seq) > (c.xid, c.seq)
        and not e.projected_by_writer
        and (e.xid, e.seq) <= (${position.xid}::xid8, ${position.seq}::bigint)
    ) or exists (
      select 1 from customer_merges m join c on c.part = m.part
      where (m.xid, m.seq) > (c.xid, c.seq) and (m.xid, m.seq) <= (${position.xid}::xid8, ${position.seq}::bigint)
    ) as behind`.execute(db)
  return behind.rows[0]?.behind === false
}

/** How far a projector is behind the log on one partition. */
export interface PartitionLag {
  projector: ProjectorName
  part: number
  /** Events committed and not yet projected. */
  events: number
  /** Age of the oldest of them (0 when none). */
  seconds: number
}

/** Each projector's lag on each partition. */
export async function projectorLag(db: AnyDb): Promise<PartitionLag[]> {
  const rows = await sql<{
    projector: ProjectorName
    part: number
    events: string | number
    seconds: number
  }>`
    select c.projector, c.part, count(e.seq) as events,
      coalesce(extract(epoch from now() - min(e.received_at)), 0)::float8 as seconds
    from projector_checkpoints c
    left join events e on e.part = c.part and (e.xid, e.seq) > (c.xid, c.seq) and not e.projected_by_writer
    group by c.projector, c.part order by c.projector, c.part`.execute(db)
  return rows.rows.map((r) => ({
    projector: r.projector,
    part: r.part,
    events: Number(r.events),
    seconds: Math.max(0, r.seconds),
  }))
}

export { ALL_PARTS }
