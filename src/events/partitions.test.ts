/**
 * The events table by month on PostgreSQL (migration 0102, partitions ahead, retention). Only the events
 * module's migrations run, on a fresh database each, so each test takes about a second. The embedded
 * engine's table stays as it was: the other events tests run there.
 */
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { describe, test } from 'node:test'
import { sql } from 'kysely'
import { type AnyDb, type Database, openDatabase } from '../db/index.js'
import { dropDatabase, engines, freshPostgresUrl } from '../test-support/engines.js'
import { createEventMonths } from './event-months-service.js'
import { createIngestor } from './ingest.js'
import type { RawMessage } from './message.js'
import { eventsMigrations } from './migrations.js'
import { DEFAULT_PARTITION, ensureEventPartitions, listMonthPartitions } from './partitions.js'
import { createProjector } from './projector-service.js'
import { dropExpiredEventMonths } from './retention.js'

const postgres = engines.find((e) => e.name === 'postgres')

const view = (id: string, userId = 'buyer-1'): RawMessage =>
  ({
    type: 'page',
    userId,
    messageId: id,
    name: 'Home',
    timestamp: '2010-03-04T05:06:07Z',
  }) as RawMessage

async function withDatabase(run: (database: Database) => Promise<void>): Promise<void> {
  const url = await freshPostgresUrl()
  const database = await openDatabase({ databaseUrl: url, dataDir: tmpdir(), poolSize: 4 })
  try {
    await run(database)
  } finally {
    await database.close()
    await dropDatabase(url)
  }
}

/** Stores `ids` as received at `receivedAt` (an ingestor per call: it reads the table's layout once). */
async function store(db: AnyDb, receivedAt: string, ids: string[]) {
  const ingestor = createIngestor({ db, clock: () => new Date(receivedAt) })
  return ingestor.ingest(
    ids.map((id) => view(id)),
    { receivedAt, settle: false },
  )
}

async function rowsByPartition(db: AnyDb): Promise<Record<string, string[]>> {
  const rows = await sql<{ partition: string; message_id: string }>`
    select tableoid::regclass::text as partition, message_id from events order by seq`.execute(db)
  const by: Record<string, string[]> = {}
  for (const r of rows.rows) by[r.partition] = [...(by[r.partition] ?? []), r.message_id]
  return by
}

const count = async (db: AnyDb, table: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]?.n

const projectors = (db: AnyDb) =>
  createProjector({
    db,
    groups: [
      { name: 'state', projections: [] },
      { name: 'reactions', projections: [] },
    ],
    batchSize: 100,
  })

describe('the events table by month (postgres)', { skip: postgres?.skip ?? 'no postgres engine' }, () => {
  test('the migration partitions the log by arrival month and keeps every row, its sequence and dedupe', async () => {
    await withDatabase(async ({ db, migrate }) => {
      await migrate(eventsMigrations.filter((m) => m.name < '0102'))
      await store(db, '2026-10-05T10:00:00Z', ['oct-1', 'oct-2'])
      await store(db, '2026-11-20T10:00:00Z', ['nov-1'])
      await store(db, '2010-01-01T00:00:00Z', ['old-1'])
      const before = await sql<{ seq: number; message_id: string }>`
        select seq, message_id from events order by seq`.execute(db)

      await migrate(eventsMigrations)
      const kind = await sql<{
        kind: string
      }>`select relkind::text as kind from pg_class where relname = 'events'`.execute(db)
      assert.equal(kind.rows[0]?.kind, 'p', 'events is a partitioned table')
      const months = (await listMonthPartitions(db)).map((p) => p.name)
      for (const name of ['events_p20100101', 'events_p20261001', 'events_p20261101'])
        assert.ok(months.includes(name), `${name} holds the rows of its month`)
      const now = new Date()
      const current = `events_p${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}01`
      assert.ok(months.includes(current), 'the current month has its partition')
      assert.ok(months.length >= 7, 'and the three months ahead')
      assert.deepEqual(await rowsByPartition(db), {
        events_p20261001: ['oct-1', 'oct-2'],
        events_p20261101: ['nov-1'],
        events_p20100101: ['old-1'],
      })
      const after = await sql<{ seq: number; message_id: string }>`
        select seq, message_id from events order by seq`.execute(db)
      assert.deepEqual(after.rows, before.rows, 'every row kept with its seq')
      assert.equal(await count(db, 'event_message_ids'), 4, 'every stored message id is remembered')

      // The sequence survived the swap, shared with customer_merges.
      const merge = await sql<{ seq: number }>`
        insert into customer_merges (part, from_id, to_id) values (0, 'a', 'b') returning seq`.execute(db)
      assert.ok(Number(merge.rows[0]?.seq) > Math.max(...before.rows.map((r) => Number(r.seq))))

      // A Segment retry a month later is still a duplicate; a new event is not.
      const retry = await store(db, '2026-12-02T10:00:00Z', ['oct-1', 'dec-1'])
      assert.equal(retry.accepted, 1)
      assert.equal(retry.duplicates, 1, 'oct-1 was stored in October')
      const again = await store(db, '2026-12-02T11:00:00Z', ['dec-1'])
      assert.equal(again.duplicates, 1, 'and within the month too')
      assert.ok(again.position, 'a batch of duplicates still answers with the position of its events')

      // Every partition has the projectors' (xid, seq) index, and their read merges them.
      const indexed = await sql<{ n: number }>`
        select count(*)::int as n from pg_inherits where inhparent = 'events_log_order'::regclass`.execute(db)
      assert.equal(indexed.rows[0]?.n, months.length + 1, 'each month and the default partition')
      const plan = await db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx)
        const rows = await sql<{ 'QUERY PLAN': string }>`
          explain select seq from events where (xid, seq) > ('0'::xid8, 0) and part = 3
          order by xid, seq limit 10`.execute(trx)
        return rows.rows.map((r) => r['QUERY PLAN']).join('\n')
      })
      assert.match(plan, /Merge Append/)
      assert.match(plan, /Index Scan using events_p20261001_xid_seq_idx/)
    })
  })

  test('an event of a month without its partition lands in the default one and moves when the month is made', async () => {
    await withDatabase(async ({ db, migrate }) => {
      await migrate(eventsMigrations)
      const stored = await store(db, '2001-02-03T04:05:06Z', ['early-1'])
      assert.equal(stored.accepted, 1, 'no insert fails for want of a partition')
      assert.deepEqual(await rowsByPartition(db), { [DEFAULT_PARTITION]: ['early-1'] })

      const created = await db
        .transaction()
        .execute((trx) => ensureEventPartitions(trx, new Date('2001-01-20T00:00:00Z'), 2))
      assert.deepEqual(created, ['events_p20010101', 'events_p20010201', 'events_p20010301'])
      assert.deepEqual(await rowsByPartition(db), { events_p20010201: ['early-1'] })
      const none = await db
        .transaction()
        .execute((trx) => ensureEventPartitions(trx, new Date('2001-01-20T00:00:00Z'), 2))
      assert.deepEqual(none, [], 'made once')
      assert.equal((await store(db, '2001-02-10T00:00:00Z', ['early-1'])).duplicates, 1)
    })
  })

  test('retention drops only months past the setting that every projector has read, and keeps the rest', async () => {
    await withDatabase(async ({ db, migrate }) => {
      await migrate(eventsMigrations)
      await db.transaction().execute((trx) => ensureEventPartitions(trx, new Date('2027-01-10T00:00:00Z'), 5))
      await store(db, '2027-01-10T00:00:00Z', ['jan-1', 'jan-2'])
      await store(db, '2027-02-10T00:00:00Z', ['feb-1'])
      await store(db, '2027-03-10T00:00:00Z', ['mar-1'])
      await store(db, '2027-06-10T00:00:00Z', ['jun-1'])
      const now = new Date('2027-06-15T00:00:00Z')

      // The empty months made for the real date at migration are dropped too; the test looks at 2027's.
      const of2027 = <T extends { from: Date }>(months: T[]) =>
        months.filter((m) => m.from >= new Date('2027-01-01T00:00:00Z'))
      const unread = await dropExpiredEventMonths(db, now, 3)
      assert.deepEqual(
        of2027(unread).map((m) => [m.partition, m.outcome]),
        [
          ['events_p20270101', 'kept'],
          ['events_p20270201', 'kept'],
        ],
        'nothing is dropped before the projectors read it',
      )

      const projector = projectors(db)
      await projector.catchUp()
      // February gets an event the projectors have not read yet (a clock set back).
      await store(db, '2027-02-20T00:00:00Z', ['feb-late'])
      const months = createEventMonths({ db, clock: () => now, retentionMonths: 3 })
      const round = await months.maintain()
      assert.deepEqual(
        of2027(round.retention).map((m) => [
          m.partition,
          m.outcome,
          m.outcome === 'dropped' ? m.events : m.reason,
        ]),
        [
          ['events_p20270101', 'dropped', 2],
          ['events_p20270201', 'kept', 'not projected'],
        ],
      )
      await projector.catchUp()
      const next = await months.maintain()
      assert.deepEqual(
        of2027(next.retention).map((m) => [m.partition, m.outcome]),
        [['events_p20270201', 'dropped']],
      )
      assert.deepEqual(await rowsByPartition(db), {
        events_p20270301: ['mar-1'],
        events_p20270601: ['jun-1'],
      })
      assert.deepEqual(
        (
          await sql<{ message_id: string }>`select message_id from event_message_ids order by 1`.execute(db)
        ).rows.map((r) => r.message_id),
        ['jun-1', 'mar-1'],
        'the message ids of dropped months go with them',
      )
      assert.equal(
        (await store(db, '2027-06-15T00:00:00Z', ['mar-1'])).duplicates,
        1,
        'a kept one still dedupes',
      )
      const unset = await createEventMonths({ db, clock: () => now, retentionMonths: null }).maintain()
      assert.deepEqual(unset.retention, [], 'unset keeps the log forever')
    })
  })
})
