import { type RawBuilder, sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'
import { isEmbeddedEngine, partitionEventsByMonth } from './partitions.js'

/** The event log, its quarantine, identity links and write keys. */
export const eventsMigrations: NamedMigration[] = [
  {
    name: '0100-events-log',
    async up(db) {
      await sql`
        create table events (
          seq bigserial primary key,
          message_id text not null,
          customer_id text not null,
          user_id text,
          anonymous_id text,
          type text not null,
          event text,
          name text,
          occurred_at timestamptz not null,
          received_at timestamptz not null,
          source text not null,
          properties jsonb not null,
          traits jsonb not null,
          context jsonb not null
        )`.execute(db)
      await sql`create unique index events_message_id on events (message_id)`.execute(db)
      await sql`create index events_customer on events (customer_id, occurred_at)`.execute(db)
      await sql`create index events_event on events (event, occurred_at)`.execute(db)
      await sql`
        create table quarantine (
          id bigserial primary key,
          received_at timestamptz not null,
          source text not null,
          batch_index int not null,
          field text not null,
          problem text not null,
          message jsonb,
          -- the same bad event sent again is kept once
          fingerprint text not null unique
        )`.execute(db)
      await sql`
        create table identities (
          anonymous_id text primary key,
          customer_id text not null,
          linked_at timestamptz not null
        )`.execute(db)
      await sql`create index identities_customer on identities (customer_id)`.execute(db)
      await sql`
        create table write_keys (
          key text primary key,
          name text not null,
          created_at timestamptz not null default now(),
          revoked_at timestamptz
        )`.execute(db)
    },
  },
  {
    name: '0101-events-projected-behind-the-log',
    async up(db) {
      // The writing transaction's id: a projector reads only below the oldest transaction still running,
      // where no event can appear any more, so it reads the log in an order that never changes behind it.
      await sql`alter table events add column xid xid8 not null default pg_current_xact_id()`.execute(db)
      // The partition an event is projected in: fixed at insert, so a customer's stream keeps its order.
      await sql`alter table events add column part smallint not null default 0`.execute(db)
      await sql`update events set part = ${partOf(sql.ref('customer_id'))}`.execute(db)
      await sql`create index events_log_order on events (xid, seq)`.execute(db)
      // Events stored in a caller's transaction are projected in it (a gift claim needs the newcomer's
      // profile before it commits); the projectors pass over them, a rebuild replays them.
      await sql`alter table events add column projected_by_writer boolean not null default false`.execute(db)
      await sql`
        create table customer_merges (
          seq bigint primary key default nextval('events_seq_seq'),
          xid xid8 not null default pg_current_xact_id(),
          part smallint not null,
          from_id text not null,
          to_id text not null
        )`.execute(db)
      await sql`create index customer_merges_log_order on customer_merges (xid, seq)`.execute(db)
      await sql`
        create table projector_checkpoints (
          projector text not null,
          part smallint not null,
          xid xid8 not null,
          seq bigint not null,
          projected_at timestamptz not null default now(),
          primary key (projector, part)
        )`.execute(db)
      // The log so far was projected as it was stored: every projector starts past it.
      await sql`
        insert into projector_checkpoints (projector, part, xid, seq)
        select p.projector, s.part, pg_current_xact_id(), coalesce((select max(seq) from events), 0)
        from unnest(${[...PROJECTORS]}::text[]) as p(projector), generate_series(0, ${PARTS - 1}) as s(part)`.execute(
        db,
      )
      await sql`
        create table projector_leases (
          part smallint primary key,
          owner text,
          lease_until timestamptz not null default '-infinity'
        )`.execute(db)
      await sql`insert into projector_leases (part) select generate_series(0, ${PARTS - 1})`.execute(db)
      await sql`create table projector_workers (owner text primary key, seen_until timestamptz not null)`.execute(
        db,
      )
    },
  },
  {
    name: '0102-events-by-month',
    async up(db) {
      // PostgreSQL only: the log partitioned by arrival month, so whole months can be dropped
      // (REEL_EVENT_RETENTION_MONTHS). The embedded engine keeps its one table (see isEmbeddedEngine).
      if (await isEmbeddedEngine(db)) return
      await partitionEventsByMonth(db, new Date())
    },
  },
]

/** Partitions of the log: the unit a worker leases and projects. Fixed: a change re-partitions the log. */
export const PARTS = 16

/** The projectors, in the order they run: reactions read what the state projector wrote. */
export const PROJECTORS = ['state', 'reactions'] as const
export type ProjectorName = (typeof PROJECTORS)[number]

/** The partition of an event or merge, from the customer id it was stored under (SQL). */
export const partOf = (customerId: RawBuilder<unknown> | ReturnType<typeof sql.ref>) =>
  sql<number>`(hashtext(${customerId}) & ${sql.lit(PARTS - 1)})::smallint`

/** Tables the events module owns. */
export interface EventsTables {
  events: {
    seq: number
    message_id: string
    customer_id: string
    user_id: string | null
    anonymous_id: string | null
    type: string
    event: string | null
    name: string | null
    occurred_at: Date
    received_at: Date
    source: string
    properties: Record<string, unknown>
    traits: Record<string, unknown>
    context: Record<string, unknown>
    xid: string
    part: number
    projected_by_writer: boolean
  }
  /** PostgreSQL only (0102): every message id stored, unique across the monthly partitions. */
  event_message_ids: { message_id: string }
  customer_merges: { seq: number; xid: string; part: number; from_id: string; to_id: string }
  projector_checkpoints: { projector: string; part: number; xid: string; seq: number; projected_at: Date }
  projector_leases: { part: number; owner: string | null; lease_until: Date }
  projector_workers: { owner: string; seen_until: Date }
  quarantine: {
    id: number
    received_at: Date
    source: string
    batch_index: number
    field: string
    problem: string
    message: unknown
    fingerprint: string
  }
  identities: { anonymous_id: string; customer_id: string; linked_at: Date }
  write_keys: { key: string; name: string; created_at: Date; revoked_at: Date | null }
}
