import { sql } from 'kysely'
import { productsByIds } from '../catalog/index.js'
import type { AnyDb } from '../db/index.js'
import type { CustomerMerge, Projection, StoredEvent } from '../events/index.js'
import { completedOrdersOf } from '../orders/index.js'
import { addCustomerDelta, type CountedBasket, emptyDelta, type ModelDelta } from './model-delta.js'

/** Advisory lock class of a customer's recount (the second key is a hash of the customer id). */
const RECOUNT_LOCK_CLASS = 1_000

/** Events that can change which orders count, or what is in them. */
const ORDER_EVENTS = new Set(['Order Completed', 'Order Cancelled', 'Order Refunded', 'Order Updated'])

const idOf = (p: unknown): string | null => {
  if (typeof p !== 'object' || p === null) return null
  const id = (p as Record<string, unknown>).product_id ?? (p as Record<string, unknown>).sku
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null
}

/** The distinct product ids of an order's products. */
export function productIdsOf(products: unknown[] | null): string[] {
  return [...new Set((products ?? []).map(idOf))].filter((id): id is string => id !== null)
}

/** A completed order as the model counts it: its products less those cancelled; none if all were. */
export function countedItems(order: {
  products: unknown[] | null
  cancelled_products: unknown[] | null
  status: string
}) {
  if (order.status === 'cancelled') return []
  const cancelled = new Set((order.cancelled_products ?? []).map(idOf))
  return [...new Set((order.products ?? []).map(idOf))].filter(
    (id): id is string => id !== null && !cancelled.has(id),
  )
}

interface BasketRow {
  order_id: string
  customer_id: string
  at: Date
  items: string[]
  categories: string[]
}

async function storedBaskets(tx: AnyDb, customers: readonly string[]): Promise<Map<string, CountedBasket[]>> {
  const { rows } = await sql<BasketRow>`
    select order_id, customer_id, at, items, categories from recs_baskets
    where customer_id = any(${customers}::text[]) order by order_id for update`.execute(tx)
  const byCustomer = new Map<string, CountedBasket[]>(customers.map((c) => [c, []]))
  for (const r of rows)
    byCustomer
      .get(r.customer_id)
      ?.push({ orderId: r.order_id, at: r.at.getTime(), items: r.items, categories: r.categories })
  return byCustomer
}

async function currentBaskets(
  tx: AnyDb,
  customers: readonly string[],
): Promise<Map<string, CountedBasket[]>> {
  const orders = await completedOrdersOf(tx, customers)
  const itemsOf = new Map(orders.map((o) => [o.order_id, countedItems(o)]))
  const ids = [...new Set([...itemsOf.values()].flat())]
  const categoryOf = new Map((await productsByIds(tx, ids)).map((p) => [p.product_id, p.category ?? '']))
  const byCustomer = new Map<string, CountedBasket[]>(customers.map((c) => [c, []]))
  for (const o of orders) {
    const items = itemsOf.get(o.order_id)!
    if (items.length === 0 || !o.completed_at) continue
    byCustomer.get(o.customer_id)?.push({
      orderId: o.order_id,
      at: o.completed_at.getTime(),
      items,
      categories: items.map((id) => categoryOf.get(id) ?? ''),
    })
  }
  return byCustomer
}

const sorted = <T>(rows: T[], key: (r: T) => string) =>
  rows.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0))

/** Adds the delta to the counts (rows in key order, so concurrent batches never wait in a cycle), dropping zeros. */
async function applyDelta(tx: AnyDb, delta: ModelDelta): Promise<void> {
  const items = sorted(
    [...delta.items].map(([item_id, d]) => ({
      item_id,
      baskets: d.baskets,
      followed: d.followed,
      reorder_gaps: d.reorderGaps,
      reorder_seconds: d.reorderSeconds,
    })),
    (r) => r.item_id,
  ).filter((r) => r.baskets || r.followed || r.reorder_gaps || r.reorder_seconds)
  if (items.length > 0) {
    await sql`insert into recs_items (item_id, baskets, followed, reorder_gaps, reorder_seconds)
      select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as d(item_id text, baskets int, followed int,
        reorder_gaps int, reorder_seconds bigint)
      on conflict (item_id) do update set baskets = recs_items.baskets + excluded.baskets,
        followed = recs_items.followed + excluded.followed, reorder_gaps = recs_items.reorder_gaps + excluded.reorder_gaps,
        reorder_seconds = recs_items.reorder_seconds + excluded.reorder_seconds`.execute(tx)
    await sql`delete from recs_items where item_id = any(${items.map((r) => r.item_id)}::text[])
      and baskets <= 0 and followed <= 0 and reorder_gaps <= 0`.execute(tx)
  }
  const pairs = sorted(
    [...delta.pairs.values()].filter((d) => d.together || d.next),
    (d) => `${d.a}\0${d.b}`,
  ).map((d) => ({ item_a: d.a, item_b: d.b, together: d.together, next: d.next }))
  if (pairs.length > 0) {
    const payload = JSON.stringify(pairs)
    await sql`insert into recs_pairs (item_a, item_b, together, next)
      select * from jsonb_to_recordset(${payload}::jsonb) as d(item_a text, item_b text, together int, next int)
      on conflict (item_a, item_b) do update set together = recs_pairs.together + excluded.together,
        next = recs_pairs.next + excluded.next`.execute(tx)
    await sql`delete from recs_pairs p using jsonb_to_recordset(${payload}::jsonb) as d(item_a text, item_b text)
      where p.item_a = d.item_a and p.item_b = d.item_b and p.together <= 0 and p.next <= 0`.execute(tx)
  }
  const categories = sorted(
    [...delta.categoryNext.values()].filter((d) => d.times),
    (d) => `${d.a}\0${d.b}`,
  ).map((d) => ({ category_a: d.a, category_b: d.b, times: d.times }))
  if (categories.length > 0) {
    const payload = JSON.stringify(categories)
    await sql`insert into recs_category_next (category_a, category_b, times)
      select * from jsonb_to_recordset(${payload}::jsonb) as d(category_a text, category_b text, times int)
      on conflict (category_a, category_b) do update set times = recs_category_next.times + excluded.times`.execute(
      tx,
    )
    await sql`delete from recs_category_next c using jsonb_to_recordset(${payload}::jsonb) as d(category_a text, category_b text)
      where c.category_a = d.category_a and c.category_b = d.category_b and c.times <= 0`.execute(tx)
  }
  const weeks = sorted(
    [...delta.weeks.values()].filter((d) => d.baskets),
    (d) => `${d.week}\0${d.item}\0${d.category}`,
  ).map((d) => ({ week: d.week, item_id: d.item, category: d.category, baskets: d.baskets }))
  if (weeks.length > 0) {
    const payload = JSON.stringify(weeks)
    await sql`insert into recs_item_weeks (week, item_id, category, baskets)
      select * from jsonb_to_recordset(${payload}::jsonb) as d(week date, item_id text, category text, baskets int)
      on conflict (week, item_id, category) do update set baskets = recs_item_weeks.baskets + excluded.baskets`.execute(
      tx,
    )
    await sql`delete from recs_item_weeks w using jsonb_to_recordset(${payload}::jsonb) as d(week date, item_id text, category text)
      where w.week = d.week and w.item_id = d.item_id and w.category = d.category and w.baskets <= 0`.execute(
      tx,
    )
  }
}

/** Recounts these customers: their stored baskets become their current ones, and the counts move by the difference. */
async function recount(tx: AnyDb, customers: string[]): Promise<void> {
  if (customers.length === 0) return
  const ordered = [...new Set(customers)].sort()
  // Two batches recounting one customer at once would each miss the other's order (and the transition
  // between them): each customer is recounted by one transaction at a time, locked in id order. Today the
  // profiles projection's upsert of the customer row already queues such batches; this lock does not lean on it.
  await sql`select pg_advisory_xact_lock(${RECOUNT_LOCK_CLASS}, hashtext(c)) from unnest(${ordered}::text[]) as c`.execute(
    tx,
  )
  const before = await storedBaskets(tx, ordered)
  const after = await currentBaskets(tx, ordered)
  const delta = emptyDelta()
  for (const c of ordered) addCustomerDelta(delta, before.get(c) ?? [], after.get(c) ?? [])
  await applyDelta(tx, delta)
  await sql`delete from recs_baskets where customer_id = any(${ordered}::text[])`.execute(tx)
  const rows = ordered.flatMap((c) =>
    (after.get(c) ?? []).map((b) => ({
      order_id: b.orderId,
      customer_id: c,
      at: new Date(b.at).toISOString(),
      items: b.items,
      categories: b.categories,
    })),
  )
  if (rows.length > 0)
    await sql`insert into recs_baskets (order_id, customer_id, at, items, categories)
      select d.order_id, d.customer_id, d.at, array(select jsonb_array_elements_text(d.items)),
        array(select jsonb_array_elements_text(d.categories))
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as d(order_id text, customer_id text, at timestamptz,
        items jsonb, categories jsonb)`.execute(tx)
}

/**
 * Keeps the recommender's counts from the orders: after the orders projection, each customer whose orders
 * this batch touched is recounted as a difference (model-delta.ts), so the cost follows the change, not
 * the shop's size.
 */
export function recsProjection(): Projection {
  return {
    name: 'recs',
    async apply(tx, events: StoredEvent[]) {
      await recount(
        tx,
        events.filter((e) => e.event !== null && ORDER_EVENTS.has(e.event)).map((e) => e.customerId),
      )
    },
    async merge(tx, merges: CustomerMerge[]) {
      // The orders have moved already (the orders projection merges first): both sides are recounted.
      const from = merges.map((m) => m.from)
      await recount(tx, [...from, ...merges.map((m) => m.to)])
    },
    async reset(tx) {
      await sql`truncate recs_baskets, recs_items, recs_pairs, recs_category_next, recs_item_weeks`.execute(
        tx,
      )
    },
  }
}
