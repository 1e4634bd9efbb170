import { sql } from 'kysely'
import { type AnyDb, tablesOf } from '../db/index.js'
import { NAME_FROM_TRAITS } from './listing.js'
import {
  profilesMigrations as baseMigrations,
  type ProfilesTables,
  profilesListingMigrations,
  profilesLookupMigrations,
} from './migrations.js'

export const profilesMigrations = [
  ...baseMigrations,
  ...profilesLookupMigrations,
  ...profilesListingMigrations,
]
export {
  membersMatching,
  PROFILE_FILTER_FIELDS,
  PROFILE_FILTER_OPS,
  type ProfileField,
  type ProfileRule,
  profileRuleSchema,
} from './filters.js'
export {
  type CustomerListFilter,
  type CustomerListItem,
  type CustomerPage,
  decodeCustomerCursor,
  listCustomers,
} from './listing.js'
export { type OrderTotalsReader, profilesProjection } from './projection.js'

export type CustomerProfile = ProfilesTables['customers']

/** One customer's profile, or undefined. */
export async function getCustomer(db: AnyDb, customerId: string): Promise<CustomerProfile | undefined> {
  return tablesOf<ProfilesTables>(db)
    .selectFrom('customers')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst()
}

/** Profiles of these customers (those that exist), by id. */
export async function getCustomers(
  db: AnyDb,
  customerIds: readonly string[],
): Promise<Map<string, CustomerProfile>> {
  if (customerIds.length === 0) return new Map()
  const rows = await tablesOf<ProfilesTables>(db)
    .selectFrom('customers')
    .selectAll()
    .where('customer_id', 'in', [...new Set(customerIds)])
    .execute()
  return new Map(rows.map((r) => [r.customer_id, r]))
}

/** Counts of profiles: members and anonymous visitors. */
export async function countCustomers(db: AnyDb): Promise<{ customers: number; members: number }> {
  const row = await tablesOf<ProfilesTables>(db)
    .selectFrom('customers')
    .select((eb) => [
      eb.fn.countAll<number>().as('customers'),
      eb.fn.count<number>('customer_id').filterWhere('is_member', '=', true).as('members'),
    ])
    .executeTakeFirstOrThrow()
  return { customers: Number(row.customers), members: Number(row.members) }
}

/** Which of these customer ids are members (signed up or identified), in no particular order. */
export async function membersAmong(db: AnyDb, customerIds: readonly string[]): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set()
  const result = await sql<{ customer_id: string }>`
    select customer_id from customers where customer_id = any(${[...customerIds]}::text[]) and is_member`.execute(
    db,
  )
  return new Set(result.rows.map((r) => r.customer_id))
}

/** The member with this e-mail (any case) or phone (its digits), or undefined; the most recently seen if several. */
export async function findMemberByContact(
  db: AnyDb,
  contact: { email: string } | { phone: string },
): Promise<string | undefined> {
  const where =
    'email' in contact
      ? sql`lower(email) = lower(${contact.email.trim()})`
      : sql`phone is not null and regexp_replace(phone, '[^0-9]', '', 'g') = ${contact.phone.replace(/[^0-9]/g, '')}`
  const result = await sql<{ customer_id: string }>`
    select customer_id from customers where ${where} and is_member order by last_seen_at desc limit 1`.execute(
    db,
  )
  return result.rows[0]?.customer_id
}

/** A member's name as they gave it (traits name, else first name), or null. */
export async function displayNameOf(db: AnyDb, customerId: string): Promise<string | null> {
  const result = await sql<{ name: string | null }>`
    select ${NAME_FROM_TRAITS} as name from customers where customer_id = ${customerId}`.execute(db)
  return result.rows[0]?.name ?? null
}

/** Members whose `birthday` trait falls on one of these `MM-DD` days. */
export async function membersWithBirthdayOn(
  db: AnyDb,
  monthDays: readonly string[],
): Promise<Array<{ customerId: string; birthday: string }>> {
  if (monthDays.length === 0) return []
  const result = await sql<{ customer_id: string; birthday: string }>`
    select customer_id, traits->>'birthday' as birthday from customers
    where is_member and traits ? 'birthday' and right(split_part(traits->>'birthday', 'T', 1), 5) = any(${[...monthDays]}::text[])`.execute(
    db,
  )
  return result.rows.map((r) => ({ customerId: r.customer_id, birthday: r.birthday }))
}
