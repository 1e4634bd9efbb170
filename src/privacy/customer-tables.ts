import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'

/** Columns that name a customer, wherever a module keeps one. */
const CUSTOMER_COLUMNS = ['customer_id', 'owner_id', 'giver_id', 'receiver_id', 'from_id', 'to_id'] as const

/**
 * Tables that hold what a person gave or was sent (their events, profile, addresses, messages, links):
 * an erasure deletes their rows. Every other table naming a customer keeps its rows under a pseudonym,
 * so a campaign's report, a coupon's books and the radar's history still add up after it.
 */
export const PERSONAL_TABLES = new Set([
  'events',
  'identities',
  'customer_merges',
  'customers',
  'consent_changes',
  'consent_choices',
  'consent_tokens',
  'coupon_wallet_tokens',
  'outbox_messages',
  'support_contacts',
  'recs_baskets',
  'carts',
])

export interface CustomerColumn {
  table: string
  column: string
}

/**
 * Every table and column of the schema naming a customer, read from the catalogue, so a table a later
 * migration adds is covered without a list to keep in step.
 */
export async function customerColumns(db: AnyDb): Promise<CustomerColumn[]> {
  // The catalogue itself, not information_schema: a partition (the log's months) is read and changed
  // through its parent, and relispartition says which tables are one.
  const rows = await sql<{ table_name: string; column_name: string }>`
    select c.relname as table_name, a.attname as column_name
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
      and a.attnum > 0 and not a.attisdropped and a.atttypid = 'text'::regtype
      and a.attname in (${sql.join(CUSTOMER_COLUMNS.map((c) => sql.lit(c)))})
    order by c.relname, a.attname`.execute(db)
  return rows.rows.map((r) => ({ table: r.table_name, column: r.column_name }))
}
