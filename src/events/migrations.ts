import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

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
]

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
  }
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
