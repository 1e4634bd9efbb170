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
  const rows = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      and c.column_name in (${sql.join(CUSTOMER_COLUMNS.map((c) => sql.lit(c)))})
      and c.data_type = 'text'
      -- a partitioned table is read and changed through its parent
      and c.table_name::regclass not in (select inhrelid from pg_inherits)
    order by c.table_name, c.column_name`.execute(db)
  return rows.rows.map((r) => ({ table: r.table_name, column: r.column_name }))
}
