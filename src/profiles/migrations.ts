import { sql } from 'kysely'
import type { NamedMigration } from '../db/index.js'

/** Customer profiles: members and anonymous visitors, with derived fields. */
export const profilesMigrations: NamedMigration[] = [
  {
    name: '0400-profiles-customers',
    async up(db) {
      await sql`
        create table customers (
          customer_id text primary key,
          is_member boolean not null,
          traits jsonb not null default '{}',
          email text,
          phone text,
          first_seen_at timestamptz not null,
          last_seen_at timestamptz not null,
          signed_up_at timestamptz,
          last_sign_in_at timestamptz,
          last_identified_at timestamptz,
          events_count int not null default 0,
          orders_count int not null default 0,
          total_spend numeric not null default 0,
          currency text,
          first_order_at timestamptz,
          last_order_at timestamptz
        )`.execute(db)
      await sql`create index customers_email on customers (lower(email))`.execute(db)
      await sql`create index customers_last_seen on customers (last_seen_at)`.execute(db)
    },
  },
]

export interface ProfilesTables {
  customers: {
    customer_id: string
    is_member: boolean
    traits: Record<string, unknown>
    email: string | null
    phone: string | null
    first_seen_at: Date
    last_seen_at: Date
    signed_up_at: Date | null
    last_sign_in_at: Date | null
    last_identified_at: Date | null
    events_count: number
    orders_count: number
    total_spend: number
    currency: string | null
    first_order_at: Date | null
    last_order_at: Date | null
  }
}

/** Look-ups the coupon wallet needs: a member by phone, members by birthday. */
export const profilesLookupMigrations: NamedMigration[] = [
  {
    name: '0401-profiles-lookups',
    async up(db) {
      // Phones are compared by their digits: "+82 10-1234-5678" and "+821012345678" are one number.
      await sql`create index customers_phone_digits on customers ((regexp_replace(phone, '[^0-9]', '', 'g'))) where phone is not null`.execute(
        db,
      )
      await sql`
        create index customers_birthday on customers ((right(split_part(traits->>'birthday', 'T', 1), 5)))
        where is_member and traits ? 'birthday'`.execute(db)
    },
  },
]

/**
 * The dashboard's customer list: newest seen first, a page after a (last seen, id) cursor, and a search by
 * the start of an id, e-mail or phone number in any case. LIKE 'prefix%' uses a btree only with the
 * pattern operator class whatever the database's collation, and that class serves equality too, so the
 * e-mail and phone indexes are replaced rather than doubled (every event rewrites its customer's row,
 * and with it every index entry).
 */
export const profilesListingMigrations: NamedMigration[] = [
  {
    name: '0402-profiles-listing',
    async up(db) {
      await sql`drop index customers_last_seen`.execute(db)
      await sql`create index customers_last_seen on customers (last_seen_at, customer_id)`.execute(db)
      await sql`create index customers_id_prefix on customers (lower(customer_id) text_pattern_ops)`.execute(
        db,
      )
      await sql`drop index customers_email`.execute(db)
      await sql`create index customers_email on customers (lower(email) text_pattern_ops)`.execute(db)
      await sql`drop index customers_phone_digits`.execute(db)
      await sql`
        create index customers_phone_digits on customers ((regexp_replace(phone, '[^0-9]', '', 'g')) text_pattern_ops)
        where phone is not null`.execute(db)
    },
  },
]
