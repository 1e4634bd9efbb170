import type { StoredEvent } from '../events/index.js'

/** What the events of one batch say about one order; folded in log order. */
export interface OrderDelta {
  order_id: string
  customer_id: string
  cart_id: string | null
  currency: string | null
  total: number | null
  /** 2 when the total came from Order Completed, 1 from Checkout Started: a payment beats a checkout. */
  total_rank: number
  revenue: number | null
  discount: number | null
  coupon: string | null
  products: unknown[] | null
  checkout_at: string | null
  completed_at: string | null
  cancelled_at: string | null
  cancel_reason: string | null
  /** Products cancelled when only part of the order was; null when the whole order was. */
  cancelled_products: unknown[] | null
  /** Value cancelled: the event's total, else its products' value; null when not told. */
  cancelled_amount: number | null
  refunded_amount: number
  refunded_at: string | null
  refunded_products: unknown[]
  return_requested_at: string | null
  return_received_at: string | null
  last_event_seq: number
}

const ORDER_EVENTS = new Set([
  'Checkout Started',
  'Order Completed',
  'Order Cancelled',
  'Order Refunded',
  'Return Requested',
  'Return Received',
])

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const str = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null)
const minTime = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b)
const maxTime = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b)

/** Sum of price × quantity over a products[] list (quantity defaults to 1). */
export function productsValue(products: unknown): number | null {
  if (!Array.isArray(products) || products.length === 0) return null
  let sum = 0
  for (const p of products) {
    const item = p as Record<string, unknown>
    sum += (num(item.price) ?? 0) * (num(item.quantity) ?? 1)
  }
  return sum
}

function emptyDelta(orderId: string, customerId: string, seq: number): OrderDelta {
  return {
    order_id: orderId,
    customer_id: customerId,
    cart_id: null,
    currency: null,
    total: null,
    total_rank: 0,
    revenue: null,
    discount: null,
    coupon: null,
    products: null,
    checkout_at: null,
    completed_at: null,
    cancelled_at: null,
    cancel_reason: null,
    cancelled_products: null,
    cancelled_amount: null,
    refunded_amount: 0,
    refunded_at: null,
    refunded_products: [],
    return_requested_at: null,
    return_received_at: null,
    last_event_seq: seq,
  }
}

/** Folds one order event into the order's delta. */
export function applyOrderEvent(delta: OrderDelta, e: StoredEvent): OrderDelta {
  const p = e.properties
  const at = e.occurredAt.toISOString()
  const d = { ...delta, last_event_seq: e.seq }
  const products = Array.isArray(p.products) ? p.products : null
  const total = num(p.total) ?? num(p.revenue) ?? num(p.value) ?? productsValue(products)
  switch (e.event) {
    case 'Checkout Started':
    case 'Order Completed': {
      const rank = e.event === 'Order Completed' ? 2 : 1
      if (rank >= d.total_rank) {
        d.total = total ?? d.total
        d.products = products ?? d.products
        d.total_rank = rank
      }
      d.cart_id = str(p.cart_id) ?? d.cart_id
      d.currency = str(p.currency) ?? d.currency
      if (rank === 2) {
        d.completed_at = minTime(d.completed_at, at)
        d.revenue = num(p.revenue) ?? d.revenue
        d.discount = num(p.discount) ?? d.discount
        d.coupon = str(p.coupon) ?? d.coupon
      } else d.checkout_at = minTime(d.checkout_at, at)
      break
    }
    case 'Order Cancelled':
      d.cancelled_at = minTime(d.cancelled_at, at)
      d.cancel_reason = str(p.reason) ?? d.cancel_reason
      d.cancelled_products = products
      d.cancelled_amount = total
      d.currency = d.currency ?? str(p.currency)
      break
    case 'Order Refunded':
      d.refunded_amount += total ?? 0
      d.refunded_at = maxTime(d.refunded_at, at)
      if (products) d.refunded_products = [...d.refunded_products, ...products]
      break
    case 'Return Requested':
      d.return_requested_at = minTime(d.return_requested_at, at)
      break
    case 'Return Received':
      d.return_received_at = minTime(d.return_received_at, at)
      break
  }
  return d
}

/** Per-order deltas of a batch of events, in order id order (the order rows are locked in). */
export function orderDeltas(events: StoredEvent[]): OrderDelta[] {
  const byOrder = new Map<string, OrderDelta>()
  for (const e of events) {
    if (!e.event || !ORDER_EVENTS.has(e.event)) continue
    const orderId = str(e.properties.order_id)
    if (!orderId) continue
    const current = byOrder.get(orderId) ?? emptyDelta(orderId, e.customerId, e.seq)
    byOrder.set(orderId, applyOrderEvent(current, e))
  }
  return [...byOrder.values()].sort((a, b) => a.order_id.localeCompare(b.order_id))
}
