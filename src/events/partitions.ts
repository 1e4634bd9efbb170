/**
 * The events table by month on PostgreSQL: the migration that partitions it, the partitions made ahead,
 * the catalogue read back. The embedded engine keeps one plain table (see `isEmbeddedEngine`).
 */
import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import {
  addMonths,
  MONTHS_AHEAD,
  type MonthPartition,
  monthsToPrepare,
  partitionName,
} from './event-months.js'

/** The catch-all partition: an insert never fails for want of its month (pg_partman's name for it too). */
export const DEFAULT_PARTITION = 'events_default'

/** Its indexes, as 0100 and 0101 made them on the plain table; on the partitioned one each partition has them. */
const EVENT_INDEXES = ['events_message_id', 'events_customer', 'events_event', 'events_log_order'] as const

/** Serialises the processes that make or drop partitions (an `api` and a `worker` starting together). */
const PARTITION_LOCK_CLASS = 1_301

/**
 * Whether this is the embedded engine (PGlite). It stays unpartitioned: one process, one backend, a shop
 * small enough for one table, and no second connection to move rows while the server runs; partitioning
 * would cost every insert the dedupe table and buy nothing there.
 */
export async function isEmbeddedEngine(db: AnyDb): Promise<boolean> {
  const row = await sql<{ embedded: boolean }>`select version() like '%PGlite%' as embedded`.execute(db)
  return row.rows[0]?.embedded === true
}

/** Whether `events` is partitioned (PostgreSQL, after migration 0102). */
export async function eventsArePartitioned(db: AnyDb): Promise<boolean> {
  const row = await sql<{ kind: string | null }>`
    select relkind::text as kind from pg_class where oid = to_regclass('events')`.execute(db)
  return row.rows[0]?.kind === 'p'
}

/** The major version of pg_partman the server offers, or null without it. */
export async function partmanVersion(db: AnyDb): Promise<number | null> {
  const row = await sql<{ version: string | null }>`
    select default_version as version from pg_available_extensions where name = 'pg_partman'`.execute(db)
  const version = row.rows[0]?.version
  return version ? Number.parseInt(version, 10) : null
}

/** The monthly partitions of `events` from the catalogue (the default one aside), oldest first. */
export async function listMonthPartitions(db: AnyDb): Promise<MonthPartition[]> {
  // The bounds are read back as timestamptz: their text carries its offset, whatever the session's zone.
  const rows = await sql<{ name: string; from: Date; to: Date }>`
    select c.relname as name,
      substring(pg_get_expr(c.relpartbound, c.oid) from 'FROM \\(''([^'']+)''\\)')::timestamptz as "from",
      substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \\(''([^'']+)''\\)')::timestamptz as "to"
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = to_regclass('events') and pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
    order by 2`.execute(db)
  return rows.rows.map((r) => ({ name: r.name, from: new Date(r.from), to: new Date(r.to) }))
}

const bound = (at: Date) => sql.lit(at.toISOString())

/**
 * Makes the partition of `month`. Rows of that month already in the default partition (an event that
 * arrived before its partition existed) move into it first, since attaching a range the default
 * partition still holds rows of fails.
 */
async function createMonthPartition(trx: AnyDb, month: Date, withDefault: boolean): Promise<string> {
  const name = partitionName(month)
  const from = bound(month)
  const to = bound(addMonths(month, 1))
  if (!withDefault) {
    await sql`create table ${sql.table(name)} partition of events for values from (${from}) to (${to})`.execute(
      trx,
    )
    return name
  }
  await sql`create table ${sql.table(name)} (like events including defaults)`.execute(trx)
  await sql`
    with moved as (
      delete from ${sql.table(DEFAULT_PARTITION)} where received_at >= ${from} and received_at < ${to} returning *
    )
    insert into ${sql.table(name)} select * from moved`.execute(trx)
  await sql`alter table events attach partition ${sql.table(name)} for values from (${from}) to (${to})`.execute(
    trx,
  )
  return name
}

/**
 * Makes the partitions missing for the current month and the `ahead` after it, in the caller's
 * transaction; returns their names. Run at migration and by the event-months worker.
 */
export async function ensureEventPartitions(trx: AnyDb, now: Date, ahead = MONTHS_AHEAD): Promise<string[]> {
  await sql`select pg_advisory_xact_lock(${PARTITION_LOCK_CLASS}, 0)`.execute(trx)
  const existing = new Set((await listMonthPartitions(trx)).map((p) => p.from.getTime()))
  const created: string[] = []
  for (const month of monthsToPrepare(now, ahead))
    if (!existing.has(month.getTime())) created.push(await createMonthPartition(trx, month, true))
  return created
}

async function indexEvents(db: AnyDb): Promise<void> {
  // A partitioned table's keys include its partition key: seq stays unique by its sequence alone, and
  // message ids are kept unique across months by event_message_ids.
  await sql`alter table events add constraint events_pkey primary key (seq, received_at)`.execute(db)
  await sql`create index events_message_id on events (message_id)`.execute(db)
  await sql`create index events_customer on events (customer_id, occurred_at)`.execute(db)
  await sql`create index events_event on events (event, occurred_at)`.execute(db)
  // The projectors' read: a merge of each partition's (xid, seq) index.
  await sql`create index events_log_order on events (xid, seq)`.execute(db)
}

/**
 * Migration 0102 on PostgreSQL, in the migration's transaction: `events` becomes a table partitioned by
 * `received_at` month, its rows moved, its sequence (shared with customer_merges), defaults and indexes
 * kept, and `event_message_ids` made the one place a message id is unique.
 */
export async function partitionEventsByMonth(db: AnyDb, now: Date): Promise<void> {
  await sql`lock table events in access exclusive mode`.execute(db)
  await sql`alter table events rename to events_unpartitioned`.execute(db)
  for (const index of ['events_pkey', ...EVENT_INDEXES])
    await sql`alter index ${sql.id(index)} rename to ${sql.id(index.replace('events_', 'events_unpartitioned_'))}`.execute(
      db,
    )
  // Same columns in the same order, and the same defaults: seq from events_seq_seq, xid, part.
  await sql`create table events (like events_unpartitioned including defaults) partition by range (received_at)`.execute(
    db,
  )
  // Owned by the new column, so dropping the old table keeps the sequence (customer_merges draws from it).
  await sql`alter sequence events_seq_seq owned by events.seq`.execute(db)
  await sql`create table event_message_ids (message_id text primary key)`.execute(db)
  await sql`insert into event_message_ids (message_id) select message_id from events_unpartitioned`.execute(
    db,
  )

  const partman = await partmanVersion(db)
  if (partman !== null && partman >= 5) await handToPartman(db)
  else await partitionNatively(db, now)
  await sql`drop table events_unpartitioned`.execute(db)
  await sql`analyze events`.execute(db)
}

async function partitionNatively(db: AnyDb, now: Date): Promise<void> {
  const stored = await sql<{ month: Date }>`
    select distinct date_trunc('month', received_at, 'UTC') as month from events_unpartitioned`.execute(db)
  const months = new Map<number, Date>()
  for (const month of [...stored.rows.map((r) => new Date(r.month)), ...monthsToPrepare(now)])
    months.set(month.getTime(), month)
  for (const month of months.values()) await createMonthPartition(db, month, false)
  await sql`create table ${sql.table(DEFAULT_PARTITION)} partition of events default`.execute(db)
  await sql`insert into events select * from events_unpartitioned`.execute(db)
  // Built once over the moved rows, faster than kept up row by row.
  await indexEvents(db)
}

/**
 * pg_partman 5 makes the partitions (`create_parent`, then `run_maintenance` ahead of time) and moves the
 * rows from the old table (`partition_data_time`). Reel's retention still drops the months (only once
 * projected), so partman's own retention stays unset. Not exercised by the tests: the test server has
 * no pg_partman. Its names (`events_pYYYYMMDD`, `events_default`) are the ones Reel makes natively.
 */
async function handToPartman(db: AnyDb): Promise<void> {
  await sql`create schema if not exists partman`.execute(db)
  await sql`create extension if not exists pg_partman schema partman`.execute(db)
  await indexEvents(db)
  await sql`
    select partman.create_parent(p_parent_table := 'public.events', p_control := 'received_at',
      p_interval := '1 month', p_premake := ${sql.lit(MONTHS_AHEAD)})`.execute(db)
  await sql`
    select partman.partition_data_time('public.events', p_batch_count := 2147483647,
      p_source_table := 'public.events_unpartitioned')`.execute(db)
}

/** Makes the months ahead: pg_partman's maintenance where it manages the table, else Reel's own. */
export async function prepareEventMonths(trx: AnyDb, now: Date): Promise<string[]> {
  const managed = await sql<{ managed: boolean }>`
    select to_regclass('partman.part_config') is not null as managed`.execute(trx)
  if (managed.rows[0]?.managed) {
    const configured = await sql<{ n: number }>`
      select count(*)::int as n from partman.part_config where parent_table = 'public.events'`.execute(trx)
    if ((configured.rows[0]?.n ?? 0) > 0) {
      await sql`select partman.run_maintenance('public.events')`.execute(trx)
      return []
    }
  }
  return ensureEventPartitions(trx, now)
}
