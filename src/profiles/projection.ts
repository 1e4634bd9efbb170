import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { CustomerMerge, Projection } from '../events/index.js'
import { profileDeltas } from './profile-delta.js'

/** The orders module's read of a customer's buying record (wired by the composition root). */
export type OrderTotalsReader = (
  db: AnyDb,
  customerIds: string[],
) => Promise<
  {
    customer_id: string
    orders_count: number
    total_spend: number
    first_order_at: Date | null
    last_order_at: Date | null
    currency: string | null
  }[]
>

async function refreshOrderTotals(
  tx: AnyDb,
  customerIds: string[],
  readTotals: OrderTotalsReader,
): Promise<void> {
  if (customerIds.length === 0) return
  const totals = await readTotals(tx, customerIds)
  await sql`
    update customers c set orders_count = coalesce(t.orders_count, 0), total_spend = coalesce(t.total_spend, 0),
      first_order_at = t.first_order_at, last_order_at = t.last_order_at, currency = coalesce(t.currency, c.currency)
    from unnest(${customerIds}::text[]) as ids(customer_id)
    left join jsonb_to_recordset(${JSON.stringify(totals)}::jsonb) as t(customer_id text, orders_count int,
      total_spend numeric, first_order_at timestamptz, last_order_at timestamptz, currency text)
      on t.customer_id = ids.customer_id
    where c.customer_id = ids.customer_id and c.customer_id = any(${customerIds}::text[])`.execute(tx)
}

const UPSERT_COLUMNS = sql`customer_id, is_member, traits, email, phone, first_seen_at, last_seen_at, signed_up_at,
  last_sign_in_at, last_identified_at, events_count`

const ON_CONFLICT = sql`on conflict (customer_id) do update set
  is_member = customers.is_member or excluded.is_member,
  traits = customers.traits || excluded.traits,
  email = coalesce(excluded.email, customers.email),
  phone = coalesce(excluded.phone, customers.phone),
  first_seen_at = least(customers.first_seen_at, excluded.first_seen_at),
  last_seen_at = greatest(customers.last_seen_at, excluded.last_seen_at),
  signed_up_at = least(customers.signed_up_at, excluded.signed_up_at),
  last_sign_in_at = greatest(customers.last_sign_in_at, excluded.last_sign_in_at),
  last_identified_at = greatest(customers.last_identified_at, excluded.last_identified_at),
  events_count = customers.events_count + excluded.events_count`

/** Keeps `customers` up to date: first/last seen, sign-ins, traits, and the buying record. */
export function profilesProjection(readTotals: OrderTotalsReader): Projection {
  return {
    name: 'profiles',
    async apply(tx, events) {
      const deltas = profileDeltas(events)
      await sql`
        insert into customers (${UPSERT_COLUMNS})
        select d.customer_id, d.is_member, d.traits, d.traits->>'email', d.traits->>'phone', d.first_seen_at,
          d.last_seen_at, d.signed_up_at, d.last_sign_in_at, d.last_identified_at, d.events_count
        from jsonb_to_recordset(${JSON.stringify(deltas)}::jsonb) as d(customer_id text, is_member boolean,
          traits jsonb, first_seen_at timestamptz, last_seen_at timestamptz, signed_up_at timestamptz,
          last_sign_in_at timestamptz, last_identified_at timestamptz, events_count int)
        ${ON_CONFLICT}`.execute(tx)
      const buyers = [
        ...new Set(
          events
            .filter((e) => e.event?.startsWith('Order') || e.event === 'Checkout Started')
            .map((e) => e.customerId),
        ),
      ].sort()
      await refreshOrderTotals(tx, buyers, readTotals)
    },
    async merge(tx, merges: CustomerMerge[]) {
      const from = merges.map((m) => m.from)
      const to = merges.map((m) => m.to)
      // The visitor's profile folds into the member's; the member's own traits win.
      await sql`
        insert into customers (${UPSERT_COLUMNS})
        select m.to_id, true, '{}'::jsonb, max(c.email), max(c.phone), min(c.first_seen_at), max(c.last_seen_at),
          min(c.signed_up_at), max(c.last_sign_in_at), max(c.last_identified_at), sum(c.events_count)
        from customers c join unnest(${from}::text[], ${to}::text[]) as m(from_id, to_id) on c.customer_id = m.from_id
        where c.customer_id = any(${from}::text[])
        group by m.to_id
        order by m.to_id
        ${ON_CONFLICT}`.execute(tx)
      await sql`
        update customers c set traits = a.traits || c.traits
        from customers a join unnest(${from}::text[], ${to}::text[]) as m(from_id, to_id) on a.customer_id = m.from_id
        where c.customer_id = m.to_id and a.customer_id = any(${from}::text[]) and c.customer_id = any(${to}::text[])`.execute(
        tx,
      )
      await sql`delete from customers where customer_id = any(${from}::text[])`.execute(tx)
      await refreshOrderTotals(tx, [...new Set(to)].sort(), readTotals)
    },
    async reset(tx) {
      await sql`truncate customers`.execute(tx)
    },
  }
}
