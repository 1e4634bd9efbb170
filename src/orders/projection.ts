import { sql } from 'kysely'
import { type AnyDb, tablesOf } from '../db/index.js'
import type { CustomerMerge, Projection, StoredEvent } from '../events/index.js'
import { applyCartEvent, type CartState, cartIdOf, newCart } from './cart-state.js'
import type { OrdersTables } from './migrations.js'
import { orderDeltas } from './order-facts.js'

const CART_EVENTS = new Set(['Product Added', 'Product Removed', 'Checkout Updated'])

/** An order placed: it turns its cart (or, without a cart id, the customer's open carts) into an order. */
interface OrderedCart {
  customer_id: string
  cart_id: string | null
  order_id: string
  at: string
}

function orderedCartOf(e: StoredEvent): OrderedCart {
  const cartId = e.properties.cart_id
  return {
    customer_id: e.customerId,
    cart_id: typeof cartId === 'string' || typeof cartId === 'number' ? String(cartId) : null,
    order_id: String(e.properties.order_id),
    at: e.occurredAt.toISOString(),
  }
}

function turnsIntoOrder(cart: CartState, order: OrderedCart): boolean {
  const mine =
    order.cart_id === null ? cart.customer_id === order.customer_id : cart.cart_id === order.cart_id
  return mine && cart.ordered_at === null && cart.last_activity_at <= order.at
}

async function applyOrders(tx: AnyDb, events: StoredEvent[]): Promise<void> {
  const deltas = orderDeltas(events)
  if (deltas.length === 0) return
  await sql`
    insert into orders (order_id, customer_id, cart_id, currency, total, total_rank, revenue, discount, coupon,
      products, checkout_at, completed_at, cancelled_at, cancel_reason, cancelled_products, cancelled_amount, refunded_amount,
      refunded_at, refunded_products, return_requested_at, return_received_at)
    select d.order_id, d.customer_id, d.cart_id, d.currency, d.total, d.total_rank, d.revenue, d.discount, d.coupon,
      d.products, d.checkout_at, d.completed_at, d.cancelled_at, d.cancel_reason, d.cancelled_products,
      d.cancelled_amount, d.refunded_amount, d.refunded_at, d.refunded_products, d.return_requested_at, d.return_received_at
    from jsonb_to_recordset(${JSON.stringify(deltas)}::jsonb) as d(order_id text, customer_id text, cart_id text,
      currency text, total numeric, total_rank smallint, revenue numeric, discount numeric, coupon text,
      products jsonb, checkout_at timestamptz, completed_at timestamptz, cancelled_at timestamptz,
      cancel_reason text, cancelled_products jsonb, cancelled_amount numeric, refunded_amount numeric, refunded_at timestamptz,
      refunded_products jsonb, return_requested_at timestamptz, return_received_at timestamptz)
    on conflict (order_id) do update set
      cart_id = coalesce(excluded.cart_id, orders.cart_id),
      currency = coalesce(orders.currency, excluded.currency),
      total = case when excluded.total_rank >= orders.total_rank then coalesce(excluded.total, orders.total)
                   else orders.total end,
      products = case when excluded.total_rank >= orders.total_rank then coalesce(excluded.products, orders.products)
                      else orders.products end,
      total_rank = greatest(orders.total_rank, excluded.total_rank),
      revenue = coalesce(excluded.revenue, orders.revenue),
      discount = coalesce(excluded.discount, orders.discount),
      coupon = coalesce(excluded.coupon, orders.coupon),
      checkout_at = least(orders.checkout_at, excluded.checkout_at),
      completed_at = least(orders.completed_at, excluded.completed_at),
      cancelled_at = least(orders.cancelled_at, excluded.cancelled_at),
      cancel_reason = coalesce(excluded.cancel_reason, orders.cancel_reason),
      cancelled_products = case when excluded.cancelled_at is not null then excluded.cancelled_products
                                else orders.cancelled_products end,
      cancelled_amount = case when excluded.cancelled_at is not null then excluded.cancelled_amount
                              else orders.cancelled_amount end,
      refunded_amount = orders.refunded_amount + excluded.refunded_amount,
      refunded_at = greatest(orders.refunded_at, excluded.refunded_at),
      refunded_products = orders.refunded_products || excluded.refunded_products,
      return_requested_at = least(orders.return_requested_at, excluded.return_requested_at),
      return_received_at = least(orders.return_received_at, excluded.return_received_at)`.execute(tx)
}

function rowToCart(r: OrdersTables['carts']): CartState {
  return {
    cart_id: r.cart_id,
    customer_id: r.customer_id,
    items: r.items as CartState['items'],
    value: Number(r.value),
    item_count: r.item_count,
    created_at: r.created_at.toISOString(),
    last_activity_at: r.last_activity_at.toISOString(),
    ordered_at: r.ordered_at?.toISOString() ?? null,
    order_id: r.order_id,
    checkout_url: r.checkout_url,
  }
}

/**
 * Cart rows this batch touches: carts of its cart events, carts named by its orders, and the open
 * carts of customers whose orders name no cart. Locked in cart id order, so concurrent batches
 * never wait on each other in a cycle.
 */
async function lockTouchedCarts(
  tx: AnyDb,
  events: StoredEvent[],
  orders: OrderedCart[],
): Promise<Map<string, CartState>> {
  const ids = new Set(events.filter((e) => e.event && CART_EVENTS.has(e.event)).map(cartIdOf))
  for (const o of orders) if (o.cart_id !== null) ids.add(o.cart_id)
  const customers = [...new Set(orders.filter((o) => o.cart_id === null).map((o) => o.customer_id))]
  const t = tablesOf<OrdersTables>(tx)
  if (customers.length > 0) {
    const open = await t
      .selectFrom('carts')
      .select('cart_id')
      .where('customer_id', 'in', customers)
      .where('ordered_at', 'is', null)
      .execute()
    for (const r of open) ids.add(r.cart_id)
  }
  const carts = new Map<string, CartState>()
  if (ids.size === 0) return carts
  const rows = await t
    .selectFrom('carts')
    .selectAll()
    .where('cart_id', 'in', [...ids])
    .orderBy('cart_id')
    .forUpdate()
    .execute()
  for (const r of rows) carts.set(r.cart_id, rowToCart(r))
  return carts
}

async function applyCarts(tx: AnyDb, events: StoredEvent[]): Promise<void> {
  const orders = events.filter((e) => e.event === 'Order Completed').map(orderedCartOf)
  const hasCartEvents = events.some((e) => e.event && CART_EVENTS.has(e.event))
  if (!hasCartEvents && orders.length === 0) return
  const carts = await lockTouchedCarts(tx, events, orders)
  const changed = new Set<string>()
  for (const e of events) {
    if (e.event === 'Order Completed') {
      const order = orderedCartOf(e)
      for (const cart of carts.values())
        if (turnsIntoOrder(cart, order)) {
          carts.set(cart.cart_id, { ...cart, ordered_at: order.at, order_id: order.order_id })
          changed.add(cart.cart_id)
        }
      continue
    }
    if (!e.event || !CART_EVENTS.has(e.event)) continue
    const id = cartIdOf(e)
    const cart = carts.get(id) ?? newCart(id, e.customerId, e.occurredAt.toISOString())
    carts.set(id, applyCartEvent(cart, e))
    changed.add(id)
  }
  const rows = [...changed].sort().map((id) => carts.get(id))
  if (rows.length === 0) return
  await sql`
    insert into carts (cart_id, customer_id, items, value, item_count, created_at, last_activity_at, ordered_at, order_id,
      checkout_url)
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as c(cart_id text, customer_id text, items jsonb,
      value numeric, item_count int, created_at timestamptz, last_activity_at timestamptz, ordered_at timestamptz,
      order_id text, checkout_url text)
    on conflict (cart_id) do update set customer_id = excluded.customer_id, items = excluded.items,
      value = excluded.value, item_count = excluded.item_count, created_at = excluded.created_at,
      last_activity_at = excluded.last_activity_at, ordered_at = excluded.ordered_at, order_id = excluded.order_id,
      checkout_url = excluded.checkout_url`.execute(tx)
}

/** Keeps `orders` and `carts` up to date from the event log. */
export function ordersProjection(): Projection {
  return {
    name: 'orders',
    async apply(tx, events) {
      await applyOrders(tx, events)
      await applyCarts(tx, events)
    },
    async merge(tx, merges: CustomerMerge[]) {
      const from = merges.map((m) => m.from)
      const to = merges.map((m) => m.to)
      // Rows are locked in key order first, like every other write here, so a merge never waits on
      // another batch in a cycle.
      await sql`select 1 from orders where customer_id = any(${from}::text[]) order by order_id for update`.execute(
        tx,
      )
      await sql`update orders o set customer_id = m.to_id
        from unnest(${from}::text[], ${to}::text[]) as m(from_id, to_id)
        where o.customer_id = m.from_id and o.customer_id = any(${from}::text[])`.execute(tx)
      await sql`select 1 from carts where customer_id = any(${from}::text[]) order by cart_id for update`.execute(
        tx,
      )
      await sql`update carts c set customer_id = m.to_id
        from unnest(${from}::text[], ${to}::text[]) as m(from_id, to_id)
        where c.customer_id = m.from_id and c.customer_id = any(${from}::text[])`.execute(tx)
    },
    async reset(tx) {
      await sql`truncate orders, carts`.execute(tx)
    },
  }
}
