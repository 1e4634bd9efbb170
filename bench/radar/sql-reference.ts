/**
 * The analyst's alternative to the radar: the eight rules of src/demo/README.md ("The rules (as of
 * asOf)") as plain PostgreSQL (15+) over Reel's `events` table, recomputed from scratch. The radar
 * benchmark compares against it; its test checks it against the demo's ground truth.
 *
 * Every query takes $1 = asOf (timestamptz) and returns (kind, customer_id, key, at). `customer_id` is
 * already identity-resolved by ingestion; `anon:` ids are visitors never tied to a member: never counted.
 * Durations are written in hours, never days: `timestamptz + interval '90 days'` follows the session's
 * time zone across daylight-saving changes, while the rules mean exact multiples of 24 h.
 */
import { performance } from 'node:perf_hooks'
import type pg from 'pg'
import type { RadarKind } from '../../src/demo/index.js'

/** The kinds the SQL computes: every radar kind but coupons, which Reel does not issue yet. */
export type SqlRadarKind = Exclude<RadarKind, 'coupon_expiring_unused'>

/** One occurrence, shaped like the ground truth's entries (`at` as an ISO string). */
export interface SqlRadarRow {
  kind: SqlRadarKind
  customerId: string
  key: string
  at: string
}

/** An ISO-8601 UTC text of a timestamptz, as JavaScript's toISOString writes it: the rules' time keys. */
const iso = (time: string): string => `to_char(${time} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** A text property as the oracle reads it: only JSON strings (a number or boolean reason is no reason). */
const textProperty = (name: string): string =>
  `case when jsonb_typeof(properties->'${name}') = 'string' then properties->>'${name}' end`

/** A number property sent as a JSON number or as text (`"2"`); anything else is absent. */
const numberProperty = (name: string, text: string): string => `case jsonb_typeof(properties->'${name}')
    when 'number' then (properties->>'${name}')::numeric
    when 'string' then case when properties->>'${name}' ~ '${text}' then (properties->>'${name}')::numeric end
  end`

/** Each member's paid orders: paid at the first `Order Completed` of the order id. */
const PAID_ORDERS = `paid as (
  select customer_id, properties->>'order_id' as order_id, min(occurred_at) as paid_at
  from events
  where event = 'Order Completed' and occurred_at <= $1 and customer_id not like 'anon:%'
    and properties->>'order_id' is not null
  group by customer_id, properties->>'order_id'
)`

/** A cancel of a paid order, made at or after payment, with a reason condition. */
const cancelOfPaidOrder = (kind: SqlRadarKind, reasonMatches: string, within: string): string => `
with ${PAID_ORDERS}
select distinct on (c.customer_id, p.order_id)
  '${kind}' as kind, c.customer_id, p.order_id as key, c.occurred_at as at
from events c
join paid p on p.customer_id = c.customer_id and p.order_id = c.properties->>'order_id'
where c.event = 'Order Cancelled' and c.occurred_at <= $1
  and ${reasonMatches}
  and c.occurred_at >= p.paid_at ${within}
order by c.customer_id, p.order_id, c.occurred_at, c.seq`

const CANCELLED_AFTER_PAYMENT = cancelOfPaidOrder(
  'cancelled_after_payment',
  `coalesce(${textProperty('reason')}, 'customer_request') = 'customer_request'`,
  // 24 h exactly still counts.
  `and c.occurred_at <= p.paid_at + interval '24 hours'`,
)

const OUT_OF_STOCK = cancelOfPaidOrder('out_of_stock', `${textProperty('reason')} = 'out_of_stock'`, '')

// A refund after a cancel is the cancellation's money back, not a return.
const RETURNED = `
with ${PAID_ORDERS},
first_cancel as (
  select customer_id, properties->>'order_id' as order_id, min(occurred_at) as cancelled_at
  from events
  where event = 'Order Cancelled' and occurred_at <= $1 and customer_id not like 'anon:%'
  group by customer_id, properties->>'order_id'
)
select distinct on (r.customer_id, p.order_id)
  'returned' as kind, r.customer_id, p.order_id as key, r.occurred_at as at
from events r
join paid p on p.customer_id = r.customer_id and p.order_id = r.properties->>'order_id'
left join first_cancel fc on fc.customer_id = r.customer_id and fc.order_id = p.order_id
where r.event in ('Return Requested', 'Order Refunded') and r.occurred_at <= $1
  and r.occurred_at >= p.paid_at
  and (r.event = 'Return Requested' or fc.cancelled_at is null or fc.cancelled_at > r.occurred_at)
order by r.customer_id, p.order_id, r.occurred_at, r.seq`

const NEGATIVE_REVIEW = `
select distinct on (customer_id, key) 'negative_review' as kind, customer_id, key, at
from (
  select customer_id, coalesce(properties->>'review_id', message_id) as key, occurred_at as at, seq,
    ${numberProperty('rating', String.raw`^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$`)} as rating
  from events
  where event = 'Product Reviewed' and occurred_at <= $1 and customer_id not like 'anon:%'
) reviews
where rating <= 2
order by customer_id, key, at, seq`

/**
 * A cart's contents after each of its events. A line (one product) can't go below zero, and a removal
 * without a quantity empties it: so a line restarts at each such removal, and within a restart its
 * quantity is Lindley's max(0, previous + change) = running sum − min(0, lowest running sum so far).
 * The cart's item count is then the running sum of every line's change of quantity.
 */
const CART_ABANDONED = `
with cart_events as (
  select seq, customer_id, event, occurred_at as at, properties->>'cart_id' as cart_id,
    coalesce(properties->>'product_id', '') as product_id,
    ${numberProperty('quantity', String.raw`^\d+$`)} as quantity
  from events
  where event in ('Product Added', 'Product Removed', 'Checkout Started') and occurred_at <= $1
    and customer_id not like 'anon:%' and properties->>'cart_id' is not null
),
changes as (
  select *,
    case when event = 'Product Added' then coalesce(quantity, 1)
         when event = 'Product Removed' then coalesce(-quantity, 0)
         else 0 end as change,
    count(*) filter (where event = 'Product Removed' and quantity is null)
      over (partition by customer_id, cart_id, product_id order by at, seq) as line_restart
  from cart_events
),
running as (
  select *, sum(change) over (partition by customer_id, cart_id, product_id, line_restart order by at, seq)
    as line_sum
  from changes
),
lines as (
  select *, line_sum - least(0, min(line_sum)
    over (partition by customer_id, cart_id, product_id, line_restart order by at, seq)) as line_quantity
  from running
),
line_changes as (
  select *, line_quantity
    - lag(line_quantity, 1, 0::numeric) over (partition by customer_id, cart_id, product_id order by at, seq)
    as quantity_change
  from lines
),
cart_states as (
  select customer_id, cart_id, at,
    sum(quantity_change) over cart as items,
    lead(at) over cart as next_at
  from line_changes
  window cart as (partition by customer_id, cart_id order by at, seq)
)
select distinct on (s.customer_id, s.cart_id)
  'cart_abandoned' as kind, s.customer_id, s.cart_id as key, s.at + interval '1 hour' as at
from cart_states s
where s.items > 0 and s.at + interval '1 hour' <= $1
  and (s.next_at is null or s.next_at > s.at + interval '1 hour')
  and not exists (
    select 1 from events o
    where o.customer_id = s.customer_id and o.event = 'Order Completed'
      and o.occurred_at between s.at and s.at + interval '1 hour'
  )
order by s.customer_id, s.cart_id, s.at`

/**
 * Visits, orders and the moments an order leaves the 90-day window, on one timeline per customer.
 * The arm/disarm episodes need no recursion: the detector re-arms exactly when an order completes, so
 * an episode is the span between two orders ("orders so far" at the moment), and each episode fires at
 * most once, at its first moment where the condition holds. The window (T − 90 d, T] is the frame
 * [T − 90 d + 1 µs, T]: timestamptz counts microseconds, and RANGE frames have no open bound.
 */
const BROWSING_NOT_BUYING = `
with views as (
  select customer_id, occurred_at as at,
    lag(occurred_at) over (partition by customer_id order by occurred_at) as previous_at
  from events
  where occurred_at <= $1 and customer_id not like 'anon:%'
    and coalesce(event, type) in ('page', 'screen', 'Product Viewed')
),
orders as (
  select customer_id, occurred_at as at
  from events
  where event = 'Order Completed' and occurred_at <= $1 and customer_id not like 'anon:%'
),
timeline as (
  select customer_id, at, 'visit' as moment from views
  where previous_at is null or at - previous_at > interval '30 minutes'
  union all
  select customer_id, at, 'order' from orders
  union all
  select customer_id, at + interval '2160 hours', 'order_leaves' from orders
  where at + interval '2160 hours' <= $1
),
moments as (
  select customer_id, at, moment,
    count(*) filter (where moment = 'visit') over last_90_days as visits,
    count(*) filter (where moment = 'order') over last_90_days as orders,
    count(*) filter (where moment = 'order') over so_far as orders_so_far
  from timeline
  window last_90_days as (partition by customer_id order by at
           range between interval '2159:59:59.999999' preceding and current row),
         so_far as (partition by customer_id order by at range between unbounded preceding and current row)
)
select 'browsing_not_buying' as kind, customer_id, ${iso('min(at)')} as key, min(at) as at
from moments
where moment <> 'order' and visits >= 15 and orders = 0
group by customer_id, orders_so_far`

/**
 * One silence per activity that the next one (if any) comes later than `hours` after; only for a
 * customer with an order by then. Identified activity carries a user_id, so its customer_id is a member.
 */
const dormancy = (kind: SqlRadarKind, hours: number): string => `
with activity as (
  select customer_id, occurred_at + interval '${hours} hours' as quiet_at,
    lead(occurred_at) over (partition by customer_id order by occurred_at) as next_at
  from events
  where occurred_at <= $1 and user_id is not null
    and coalesce(event, type) not in ('Order Cancelled', 'Order Refunded', 'Return Received', 'Shipment Updated')
),
first_order as (
  select customer_id, min(occurred_at) as ordered_at
  from events
  where event = 'Order Completed' and occurred_at <= $1
  group by customer_id
)
select '${kind}' as kind, a.customer_id, ${iso('a.quiet_at')} as key, a.quiet_at as at
from activity a
join first_order f on f.customer_id = a.customer_id
where (a.next_at is null or a.next_at > a.quiet_at) and a.quiet_at <= $1 and f.ordered_at <= a.quiet_at`

/** The eight rules, each a query with $1 = asOf returning (kind, customer_id, key, at). */
export const SQL_RADAR_QUERIES: Record<SqlRadarKind, string> = {
  cancelled_after_payment: CANCELLED_AFTER_PAYMENT,
  returned: RETURNED,
  out_of_stock: OUT_OF_STOCK,
  cart_abandoned: CART_ABANDONED,
  negative_review: NEGATIVE_REVIEW,
  browsing_not_buying: BROWSING_NOT_BUYING,
  dormant_soon: dormancy('dormant_soon', 335 * 24),
  dormant: dormancy('dormant', 365 * 24),
}

/** Runs every rule's query in turn as of `asOf`, timing each (milliseconds, by kind). */
export async function runSqlRadar(
  client: pg.ClientBase | pg.Pool,
  asOf: Date,
): Promise<{ rows: SqlRadarRow[]; msByKind: Record<string, number> }> {
  const rows: SqlRadarRow[] = []
  const msByKind: Record<string, number> = {}
  for (const [kind, text] of Object.entries(SQL_RADAR_QUERIES) as [SqlRadarKind, string][]) {
    const started = performance.now()
    const result = await client.query<{ kind: SqlRadarKind; customer_id: string; key: string; at: Date }>(
      text,
      [asOf],
    )
    msByKind[kind] = performance.now() - started
    for (const r of result.rows)
      rows.push({ kind: r.kind, customerId: r.customer_id, key: r.key, at: r.at.toISOString() })
  }
  return { rows, msByKind }
}
