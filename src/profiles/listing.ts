import { sql } from 'kysely'
import { type AnyDb, decodeTimeCursor, encodeTimeCursor } from '../db/index.js'

/** A customer as the dashboard's list shows them. */
export interface CustomerListItem {
  customerId: string
  name: string | null
  email: string | null
  phone: string | null
  isMember: boolean
  ordersCount: number
  totalSpend: number
  currency: string | null
  lastSeenAt: string
}

export interface CustomerPage {
  customers: CustomerListItem[]
  /** Cursor of the next page (newest seen first), null on the last one. */
  next: string | null
}

export interface CustomerListFilter {
  /** The start of a customer id, e-mail or phone number, in any case. */
  search?: string | undefined
  after?: string | undefined
  limit: number
}

/** A member's name as they gave it: the `name` trait, else their first name. */
export const NAME_FROM_TRAITS = sql<
  string | null
>`coalesce(traits->>'name', traits->>'first_name', traits->>'firstName')`

// The cursor holds the time as the database wrote it, to the microsecond: a JavaScript date would round it
// to the millisecond, and a customer last seen within that millisecond would be skipped or read twice.

/** The position a cursor stands for, or undefined when it is not one `listCustomers` gave. */
export function decodeCustomerCursor(cursor: string): { at: string; customerId: string } | undefined {
  const position = decodeTimeCursor(cursor)
  return position && { at: position.at, customerId: position.id }
}

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** The search as conditions any one of which a customer must meet; none for an empty search. */
function searchConditions(search: string) {
  const text = search.trim()
  if (text === '') return []
  // Lowered by the database, as the indexed columns are: its lower() and JavaScript's differ outside ASCII
  // under some collations.
  const prefix = sql`lower(${likePrefix(text)}::text)`
  const conditions = [
    sql`lower(customer_id) like ${prefix} escape '\\'`,
    sql`lower(email) like ${prefix} escape '\\'`,
  ]
  // Phones are searched by their digits (as they are indexed), when the search looks like a phone number.
  const digits = text.replace(/[^0-9]/g, '')
  if (/^\+?[0-9 ()-]+$/.test(text) && digits.length >= 3)
    conditions.push(sql`phone is not null and regexp_replace(phone, '[^0-9]', '', 'g') like ${`${digits}%`}`)
  return conditions
}

/**
 * Customers newest seen first, a page at a time, those matching the search only: one query over the
 * profiles' indexes (the search's prefixes, or last seen and id), whatever the number of customers.
 */
export async function listCustomers(db: AnyDb, filter: CustomerListFilter): Promise<CustomerPage> {
  const conditions = []
  const search = searchConditions(filter.search ?? '')
  if (search.length) conditions.push(sql`(${sql.join(search, sql` or `)})`)
  if (filter.after !== undefined) {
    const position = decodeCustomerCursor(filter.after)
    if (!position) throw new RangeError('after: not a cursor this API gave')
    conditions.push(sql`(last_seen_at, customer_id) < (${position.at}::timestamptz, ${position.customerId})`)
  }
  const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``
  const result = await sql<{
    customer_id: string
    name: string | null
    email: string | null
    phone: string | null
    is_member: boolean
    orders_count: number
    total_spend: string
    currency: string | null
    seen_at: string
  }>`
    select customer_id, ${NAME_FROM_TRAITS} as name, email, phone, is_member, orders_count, total_spend, currency,
      to_char(last_seen_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as seen_at
    from customers ${where}
    order by last_seen_at desc, customer_id desc
    limit ${filter.limit + 1}`.execute(db)
  const page = result.rows.slice(0, filter.limit)
  const last = page.at(-1)
  return {
    customers: page.map((r) => ({
      customerId: r.customer_id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      isMember: r.is_member,
      ordersCount: r.orders_count,
      totalSpend: Number(r.total_spend),
      currency: r.currency,
      lastSeenAt: new Date(r.seen_at).toISOString(),
    })),
    next: result.rows.length > filter.limit && last ? encodeTimeCursor(last.seen_at, last.customer_id) : null,
  }
}
