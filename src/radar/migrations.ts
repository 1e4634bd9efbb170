import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/** The radar's per-customer detector state (with its durable timers) and the signals it raised. */
export const radarMigrations: NamedMigration[] = [
  {
    name: '0500-radar',
    async up(db) {
      await sql`
        create table radar_customers (
          customer_id text primary key,
          -- the detectors' state and pending timers (CustomerRun); null until the first event is fed
          run jsonb,
          -- when the earliest pending timer comes due: what the timer worker looks for
          next_due_at timestamptz,
          -- set by an identity merge: the customer's history changed under it, replay it from the log
          needs_replay boolean not null default false,
          updated_at timestamptz not null default now()
        )`.execute(db)
      await sql`create index radar_customers_due on radar_customers (next_due_at) where next_due_at is not null`.execute(
        db,
      )
      await sql`create index radar_customers_replay on radar_customers (customer_id) where needs_replay`.execute(
        db,
      )
      await sql`
        create table radar_signals (
          id bigserial primary key,
          kind text not null,
          customer_id text not null,
          -- what makes one occurrence: order, cart or review id, or the time an episode became true
          key text not null,
          at timestamptz not null,
          evidence jsonb not null,
          value_at_stake numeric not null,
          currency text,
          -- the state is worked out from these when read (see queries.ts), so a lapse needs no job
          contacted_at timestamptz,
          won_by_order text,
          won_at timestamptz,
          detected_at timestamptz not null default now(),
          unique (kind, customer_id, key)
        )`.execute(db)
      await sql`create index radar_signals_at on radar_signals (at, id)`.execute(db)
      await sql`create index radar_signals_customer on radar_signals (customer_id, at)`.execute(db)
    },
  },
  {
    // campaigns read the signals of a kind in the order they were stored
    name: '0501-radar-signals-by-kind',
    async up(db) {
      await sql`create index radar_signals_kind_detected on radar_signals (kind, detected_at, id)`.execute(db)
    },
  },
  {
    // Campaigns read signals after a (detected_at, id) cursor that travels through JavaScript dates, which
    // hold milliseconds: with microseconds stored, the signals of one transaction all compared as after a
    // cursor taken from one of them, and a full page of them was read again and again.
    name: '0502-radar-detected-to-the-millisecond',
    async up(db) {
      await sql`alter table radar_signals alter column detected_at set default date_trunc('milliseconds', now())`.execute(
        db,
      )
      await sql`update radar_signals set detected_at = date_trunc('milliseconds', detected_at)
        where detected_at <> date_trunc('milliseconds', detected_at)`.execute(db)
    },
  },
]

/** Tables the radar module owns. */
export interface RadarTables {
  radar_customers: {
    customer_id: string
    run: unknown
    next_due_at: Date | null
    needs_replay: boolean
    updated_at: Date
  }
  radar_signals: {
    id: number
    kind: string
    customer_id: string
    key: string
    at: Date
    evidence: string[]
    value_at_stake: number
    currency: string | null
    contacted_at: Date | null
    won_by_order: string | null
    won_at: Date | null
    detected_at: Date
  }
}
