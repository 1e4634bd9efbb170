import { sql } from 'kysely'
import { type AnyDb, tablesOf } from '../db/index.js'
import type { OrdersTables } from './migrations.js'

/** A customer's buying record, derived from completed orders. */
export interface OrderTotals {
  customer_id: string
  orders_count: number
  /** Completed orders' totals less refunds, whole cancellations excluded. */
  total_spend: number
  first_order_at: Date | null
  last_order_at: Date | null
  currency: string | null
}

/** Buying records of the given customers (customers with no order are left out). */
export async function orderTotalsFor(db: AnyDb, customerIds: string[]): Promise<OrderTotals[]> {
  if (customerIds.length === 0) return []
  const result = await sql<OrderTotals>`
    select customer_id,
           count(*)::int as orders_count,
           coalesce(sum(case when status = 'cancelled' then 0 else coalesce(total, 0) - refunded_amount end), 0)
             as total_spend,
           min(completed_at) as first_order_at,
           max(completed_at) as last_order_at,
           min(currency) as currency
    from orders
    where customer_id = any(${customerIds}::text[]) and completed_at is not null
    group by customer_id`.execute(db)
  return result.rows.map((r) => ({ ...r, total_spend: Number(r.total_spend) }))
}

/** A customer's orders, newest first. */
export async function ordersOfCustomer(db: AnyDb, customerId: string, limit = 100) {
  return tablesOf<OrdersTables>(db)
    .selectFrom('orders')
    .select([
      'order_id',
      'status',
      'currency',
      'total',
      'discount',
      'coupon',
      'products',
      'checkout_at',
      'completed_at',
      'cancelled_at',
      'cancel_reason',
      'refunded_amount',
      'refunded_at',
      'return_requested_at',
    ])
    .where('customer_id', '=', customerId)
    .orderBy(sql`coalesce(completed_at, checkout_at)`, 'desc')
    .limit(limit)
    .execute()
}

/** The customer's carts that hold items and did not become an order, newest first. */
export async function openCartsOfCustomer(db: AnyDb, customerId: string) {
  return tablesOf<OrdersTables>(db)
    .selectFrom('carts')
    .select(['cart_id', 'items', 'value', 'item_count', 'created_at', 'last_activity_at'])
    .where('customer_id', '=', customerId)
    .where('ordered_at', 'is', null)
    .where('item_count', '>', 0)
    .orderBy('last_activity_at', 'desc')
    .execute()
}

/** Orders named by (customer, order id) pairs: what a message about one shows. */
export async function ordersByIds(
  db: AnyDb,
  pairs: ReadonlyArray<{ customerId: string; orderId: string }>,
): Promise<
  Array<{
    customer_id: string
    order_id: string
    total: string | null
    currency: string | null
    products: unknown[] | null
  }>
> {
  if (pairs.length === 0) return []
  const result = await sql<{
    customer_id: string
    order_id: string
    total: string | null
    currency: string | null
    products: unknown[] | null
  }>`
    select o.customer_id, o.order_id, o.total, o.currency, o.products from orders o
    join unnest(${pairs.map((p) => p.customerId)}::text[], ${pairs.map((p) => p.orderId)}::text[]) as k(customer_id, order_id)
      on o.customer_id = k.customer_id and o.order_id = k.order_id`.execute(db)
  return result.rows
}

/** Which of these (customer, cart id) carts still hold items and have not become an order, with their items. */
export async function openCartsByIds(
  db: AnyDb,
  pairs: ReadonlyArray<{ customerId: string; cartId: string }>,
): Promise<
  Array<{
    customer_id: string
    cart_id: string
    items: Record<string, unknown>
    value: string
    checkout_url: string | null
  }>
> {
  if (pairs.length === 0) return []
  const result = await sql<{
    customer_id: string
    cart_id: string
    items: Record<string, unknown>
    value: string
    checkout_url: string | null
  }>`
    select c.customer_id, c.cart_id, c.items, c.value, c.checkout_url from carts c
    join unnest(${pairs.map((p) => p.customerId)}::text[], ${pairs.map((p) => p.cartId)}::text[]) as k(customer_id, cart_id)
      on c.customer_id = k.customer_id and c.cart_id = k.cart_id
    where c.ordered_at is null and c.item_count > 0`.execute(db)
  return result.rows
}

/** Counts of orders and carts. */
export async function countOrdersAndCarts(db: AnyDb): Promise<{ orders: number; carts: number }> {
  const t = tablesOf<OrdersTables>(db)
  const [orders, carts] = await Promise.all([
    t
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    t
      .selectFrom('carts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { orders: Number(orders.n), carts: Number(carts.n) }
}

/** What an order is worth to the shop now: its total less refunds, nothing once cancelled whole. */
const ORDER_VALUE = sql`case when status = 'cancelled' then 0 else coalesce(total, 0) - refunded_amount end`

/** What completed orders were worth (total less refunds; a wholly cancelled order counts 0), by id. */
export async function completedOrderValues(
  db: AnyDb,
  orderIds: readonly string[],
): Promise<Array<{ orderId: string; value: number; currency: string | null }>> {
  if (orderIds.length === 0) return []
  const result = await sql<{ order_id: string; value: number; currency: string | null }>`
    select order_id, ${ORDER_VALUE} as value, currency
    from orders where order_id = any(${[...orderIds]}::text[]) and completed_at is not null`.execute(db)
  return result.rows.map((r) => ({ orderId: r.order_id, value: Number(r.value), currency: r.currency }))
}

type OrderWindow = { key: string; customerId: string; from: Date; to: Date }

/** The windows as a relation `w` joined to their customers' completed orders `o` (after `from`, up to `to`). */
const ordersOfWindows = (windows: ReadonlyArray<OrderWindow>) => sql`
  jsonb_to_recordset(${JSON.stringify(
    windows.map((w) => ({ key: w.key, customer_id: w.customerId, from_at: w.from, to_at: w.to })),
  )}::jsonb) as w(key text, customer_id text, from_at timestamptz, to_at timestamptz)
  join orders o on o.customer_id = w.customer_id and o.completed_at > w.from_at and o.completed_at <= w.to_at
  where o.status <> 'cancelled'`

/** Completed orders and what they are worth per customer, in time windows (one row per window and currency). */
export async function ordersInWindows(
  db: AnyDb,
  windows: ReadonlyArray<OrderWindow>,
): Promise<Array<{ key: string; orders: number; value: number; currency: string | null }>> {
  if (windows.length === 0) return []
  const result = await sql<{ key: string; orders: number; value: string; currency: string | null }>`
    select w.key, count(*)::int as orders, sum(${ORDER_VALUE}) as value, o.currency
    from ${ordersOfWindows(windows)}
    group by w.key, o.currency`.execute(db)
  return result.rows.map((r) => ({
    key: r.key,
    orders: r.orders,
    value: Number(r.value),
    currency: r.currency,
  }))
}

/** Each completed order in the windows, with when it completed and what it is worth now (one row per order). */
export async function completedOrdersInWindows(
  db: AnyDb,
  windows: ReadonlyArray<OrderWindow>,
): Promise<
  Array<{ key: string; orderId: string; completedAt: Date; value: number; currency: string | null }>
> {
  if (windows.length === 0) return []
  const result = await sql<{
    key: string
    order_id: string
    completed_at: Date
    value: string
    currency: string | null
  }>`
    select w.key, o.order_id, o.completed_at, ${ORDER_VALUE} as value, o.currency
    from ${ordersOfWindows(windows)}
    order by w.key, o.completed_at`.execute(db)
  return result.rows.map((r) => ({
    key: r.key,
    orderId: r.order_id,
    completedAt: r.completed_at,
    value: Number(r.value),
    currency: r.currency,
  }))
}

/** Completed orders of these customers, with their products and what was cancelled of them (recommendations). */
export async function completedOrdersOf(db: AnyDb, customerIds: readonly string[]) {
  if (customerIds.length === 0) return []
  return tablesOf<OrdersTables>(db)
    .selectFrom('orders')
    .select(['customer_id', 'order_id', 'completed_at', 'products', 'cancelled_products', 'status'])
    .where('customer_id', 'in', [...customerIds])
    .where('completed_at', 'is not', null)
    .execute()
}

/** An order as its shipments and tracking page show it. */
export interface ShippedOrder {
  order_id: string
  customer_id: string
  total: string | null
  currency: string | null
  products: unknown[] | null
  completed_at: Date | null
  status: string
}

/** Orders by their ids alone, for the shipping module (which learns an order's customer from its order). */
export async function ordersWithIds(db: AnyDb, orderIds: readonly string[]): Promise<ShippedOrder[]> {
  if (orderIds.length === 0) return []
  const { rows } = await sql<ShippedOrder>`
    select order_id, customer_id, total, currency, products, completed_at, status from orders
    where order_id = any(${orderIds}::text[])`.execute(db)
  return rows
}

/** A customer's completed orders of one day in the shop's time zone, summed (the predictions' purchases). */
export interface PurchaseDay {
  customerId: string
  /** Days since 1970-01-01 in the shop's time zone. */
  day: number
  value: number
  currency: string | null
}

/**
 * Every customer's purchase days up to `until`, in the shop's time zone: completed orders not wholly
 * cancelled, worth their total less refunds, grouped by day and currency in the database (one row per
 * customer-day, not per order, crosses the wire).
 */
export async function purchaseDays(
  db: AnyDb,
  options: { until: Date; timeZone: string },
): Promise<PurchaseDay[]> {
  const { rows } = await sql<{ customer_id: string; day: number; value: string; currency: string | null }>`
    select customer_id, ((completed_at at time zone ${options.timeZone})::date - date '1970-01-01') as day,
      sum(${ORDER_VALUE}) as value, currency
    from orders
    where completed_at is not null and completed_at <= ${options.until} and status <> 'cancelled'
    group by customer_id, day, currency`.execute(db)
  return rows.map((r) => ({
    customerId: r.customer_id,
    day: Number(r.day),
    value: Number(r.value),
    currency: r.currency,
  }))
}

/** Who placed each of these orders, for those Reel knows: order id → customer id. */
export async function buyersOfOrders(db: AnyDb, orderIds: readonly string[]): Promise<Map<string, string>> {
  if (orderIds.length === 0) return new Map()
  const rows = await tablesOf<OrdersTables>(db)
    .selectFrom('orders')
    .select(['order_id', 'customer_id'])
    .where('order_id', 'in', [...new Set(orderIds)])
    .execute()
  return new Map(rows.map((r) => [r.order_id, r.customer_id]))
}
