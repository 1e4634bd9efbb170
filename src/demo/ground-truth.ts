/**
 * The oracle: the missed-customer rules of DESIGN section 4, written as plainly as possible over one
 * customer's full history (after identity resolution), recomputed from scratch as of a given time.
 * It shares nothing with the radar: it is the independent answer the radar is checked against.
 * src/demo/README.md states every interpretation made here; keep the two in step.
 * Every rule function reads one customer's events sorted by time (missedCustomer sorts them).
 */

/** The kinds of DESIGN section 4, in its order. */
export const RADAR_KINDS = [
  'cancelled_after_payment',
  'returned',
  'out_of_stock',
  'cart_abandoned',
  'negative_review',
  'browsing_not_buying',
  'dormant_soon',
  'dormant',
  'coupon_expiring_unused',
] as const
export type RadarKind = (typeof RADAR_KINDS)[number]

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** The default thresholds of DESIGN section 4. */
export const RULES = {
  /** A customer's cancel counts when at most this long after payment (inclusive). */
  cancelWithin: 24 * HOUR,
  /** A cart is abandoned after this long with no cart activity and no order. */
  cartQuietFor: HOUR,
  /** Page views further apart than this start a new visit. */
  visitGap: 30 * MINUTE,
  browsingWindow: 90 * DAY,
  browsingVisits: 15,
  dormantSoonAfter: 335 * DAY,
  dormantAfter: 365 * DAY,
  negativeRatingAtMost: 2,
} as const

/**
 * One event of a customer's history, reduced to what the rules read.
 * `name` is the track event name, or the message type for other calls ('page', 'identify', ...).
 */
export interface CustomerEvent {
  /** Epoch milliseconds. */
  at: number
  name: string
  /** Sent with a userId (not only with an anonymous browser id). */
  identified: boolean
  messageId?: string
  orderId?: string
  cartId?: string
  productId?: string
  quantity?: number
  reason?: string
  rating?: number | string
  reviewId?: string
}

/** One occurrence of a kind: `key` tells occurrences apart, `at` is when the rule became true. */
export interface Finding {
  key: string
  at: number
}

/** A finding of one customer, as written to the ground truth. */
export interface Occurrence {
  kind: RadarKind
  customerId: string
  key: string
  /** ISO time the rule became true on the resolved history. */
  at: string
}

/** Events sent by the shop's back office about a customer: they are not the customer's own activity. */
export const SHOP_SIDE_EVENTS: ReadonlySet<string> = new Set([
  'Order Cancelled',
  'Order Refunded',
  'Return Received',
  'Shipment Updated',
])

/** Views that make up visits (DESIGN section 3: page/screen/view events). */
const VIEW_EVENTS: ReadonlySet<string> = new Set(['page', 'screen', 'Product Viewed'])
const CART_EVENTS: ReadonlySet<string> = new Set(['Product Added', 'Product Removed', 'Checkout Started'])

/** When each order was paid: the first `Order Completed` per order id. */
function paymentTimes(events: readonly CustomerEvent[]): Map<string, number> {
  const paid = new Map<string, number>()
  for (const e of events) {
    if (e.name === 'Order Completed' && e.orderId !== undefined && !paid.has(e.orderId))
      paid.set(e.orderId, e.at)
  }
  return paid
}

function orderTimes(events: readonly CustomerEvent[]): number[] {
  return events.filter((e) => e.name === 'Order Completed').map((e) => e.at)
}

/** Keeps the first finding per key. */
function firstPerKey(findings: Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    if (seen.has(f.key)) return false
    seen.add(f.key)
    return true
  })
}

/** cancelled_after_payment: the customer's cancel (reason customer_request or none) at most 24 h after payment. */
export function cancelledAfterPayment(events: readonly CustomerEvent[]): Finding[] {
  const paid = paymentTimes(events)
  const findings: Finding[] = []
  for (const e of events) {
    if (e.name !== 'Order Cancelled' || e.orderId === undefined) continue
    if (e.reason !== undefined && e.reason !== 'customer_request') continue
    const paidAt = paid.get(e.orderId)
    if (paidAt !== undefined && e.at >= paidAt && e.at - paidAt <= RULES.cancelWithin)
      findings.push({ key: e.orderId, at: e.at })
  }
  return firstPerKey(findings)
}

/**
 * returned: a `Return Requested` for a paid order, or an `Order Refunded` for a paid order that had not
 * been cancelled before (that refund is the money back of the cancellation, not a return).
 */
export function returned(events: readonly CustomerEvent[]): Finding[] {
  const paid = paymentTimes(events)
  const firstCancel = new Map<string, number>()
  for (const e of events) {
    if (e.name === 'Order Cancelled' && e.orderId !== undefined && !firstCancel.has(e.orderId))
      firstCancel.set(e.orderId, e.at)
  }
  const findings: Finding[] = []
  for (const e of events) {
    if (e.orderId === undefined) continue
    const paidAt = paid.get(e.orderId)
    if (paidAt === undefined || e.at < paidAt) continue
    const cancelledAt = firstCancel.get(e.orderId)
    const isReturn =
      e.name === 'Return Requested' ||
      (e.name === 'Order Refunded' && (cancelledAt === undefined || cancelledAt > e.at))
    if (isReturn) findings.push({ key: e.orderId, at: e.at })
  }
  return firstPerKey(findings)
}

/** out_of_stock: an `Order Cancelled` with reason out_of_stock for a paid order (whole or partial). */
export function outOfStock(events: readonly CustomerEvent[]): Finding[] {
  const paid = paymentTimes(events)
  const findings: Finding[] = []
  for (const e of events) {
    if (e.name !== 'Order Cancelled' || e.reason !== 'out_of_stock' || e.orderId === undefined) continue
    const paidAt = paid.get(e.orderId)
    if (paidAt !== undefined && e.at >= paidAt) findings.push({ key: e.orderId, at: e.at })
  }
  return firstPerKey(findings)
}

/**
 * cart_abandoned: after a cart event, the cart still holds items, its next cart event (if any) comes more
 * than 1 h later, and the customer completed no order within that hour. First time only, per cart.
 */
export function cartsAbandoned(events: readonly CustomerEvent[], asOf: number): Finding[] {
  const orders = orderTimes(events)
  const byCart = new Map<string, CustomerEvent[]>()
  for (const e of events) {
    if (!CART_EVENTS.has(e.name) || e.cartId === undefined) continue
    const list = byCart.get(e.cartId) ?? []
    list.push(e)
    byCart.set(e.cartId, list)
  }
  const findings: Finding[] = []
  for (const [cartId, cartEvents] of byCart) {
    const contents = new Map<string, number>()
    for (let i = 0; i < cartEvents.length; i++) {
      const e = cartEvents[i] as CustomerEvent
      const product = e.productId ?? ''
      if (e.name === 'Product Added') contents.set(product, (contents.get(product) ?? 0) + (e.quantity ?? 1))
      if (e.name === 'Product Removed') {
        // No quantity: the whole line goes.
        const left = e.quantity === undefined ? 0 : (contents.get(product) ?? 0) - e.quantity
        if (left > 0) contents.set(product, left)
        else contents.delete(product)
      }
      const quietUntil = e.at + RULES.cartQuietFor
      const next = cartEvents[i + 1]
      if (next !== undefined && next.at <= quietUntil) continue
      if (quietUntil > asOf) continue
      let items = 0
      for (const q of contents.values()) items += q
      if (items <= 0) continue
      if (orders.some((o) => o >= e.at && o <= quietUntil)) continue
      findings.push({ key: cartId, at: quietUntil })
      break
    }
  }
  return findings
}

/** negative_review: a `Product Reviewed` with a rating of 2 or less (a number or numeric text). */
export function negativeReviews(events: readonly CustomerEvent[]): Finding[] {
  const findings: Finding[] = []
  for (const e of events) {
    if (e.name !== 'Product Reviewed' || e.rating === undefined) continue
    const rating = typeof e.rating === 'number' ? e.rating : Number(e.rating)
    if (!Number.isFinite(rating) || rating > RULES.negativeRatingAtMost) continue
    const key = e.reviewId ?? e.messageId ?? `${e.orderId ?? ''}:${e.productId ?? ''}:${e.at}`
    findings.push({ key, at: e.at })
  }
  return firstPerKey(findings)
}

/** Start times of the customer's visits: view events with no gap over 30 minutes form one visit. */
export function visitStarts(events: readonly CustomerEvent[]): number[] {
  const starts: number[] = []
  let last = Number.NEGATIVE_INFINITY
  for (const e of events) {
    if (!VIEW_EVENTS.has(e.name)) continue
    if (e.at - last > RULES.visitGap) starts.push(e.at)
    last = e.at
  }
  return starts
}

/**
 * browsing_not_buying: at time T, at least 15 visits started in (T - 90 d, T] and no order was completed
 * in (T - 90 d, T]. Fires once when that becomes true; fires again only after a later order.
 * The condition can become true at a visit start, or when the last order leaves the window (order + 90 d).
 */
export function browsingNotBuying(events: readonly CustomerEvent[], asOf: number): Finding[] {
  const visits = visitStarts(events)
  const orders = orderTimes(events)
  const window = RULES.browsingWindow
  const candidates = [...new Set([...visits, ...orders.map((o) => o + window)])]
    .filter((t) => t <= asOf)
    .sort((a, b) => a - b)
  const findings: Finding[] = []
  let armed = true
  let lastFiredAt = Number.NEGATIVE_INFINITY
  for (const t of candidates) {
    if (!armed && orders.some((o) => o > lastFiredAt && o <= t)) armed = true
    if (!armed) continue
    const inWindow = (x: number): boolean => x > t - window && x <= t
    if (orders.some(inWindow)) continue
    if (visits.filter(inWindow).length < RULES.browsingVisits) continue
    findings.push({ key: new Date(t).toISOString(), at: t })
    armed = false
    lastFiredAt = t
  }
  return findings
}

/**
 * dormant_soon (after = 335 d) / dormant (after = 365 d): the customer's own identified activity stops
 * for `after` with at least one order completed by then. One finding per silence, at last activity + after.
 */
export function dormancy(events: readonly CustomerEvent[], asOf: number, after: number): Finding[] {
  const activity = events.filter((e) => e.identified && !SHOP_SIDE_EVENTS.has(e.name)).map((e) => e.at)
  const orders = orderTimes(events)
  if (orders.length === 0) return []
  const firstOrder = Math.min(...orders)
  const findings: Finding[] = []
  for (let i = 0; i < activity.length; i++) {
    const at = (activity[i] as number) + after
    const next = activity[i + 1] ?? Number.POSITIVE_INFINITY
    if (next > at && at <= asOf && firstOrder <= at) findings.push({ key: new Date(at).toISOString(), at })
  }
  return findings
}

/** Every occurrence of every kind for one customer, as of `asOf`; events after `asOf` are not seen. */
export function missedCustomer(
  customerId: string,
  history: readonly CustomerEvent[],
  asOf: number,
): Occurrence[] {
  const events = history.filter((e) => e.at <= asOf).sort((a, b) => a.at - b.at)
  const byKind: Array<[RadarKind, Finding[]]> = [
    ['cancelled_after_payment', cancelledAfterPayment(events)],
    ['returned', returned(events)],
    ['out_of_stock', outOfStock(events)],
    ['cart_abandoned', cartsAbandoned(events, asOf)],
    ['negative_review', negativeReviews(events)],
    ['browsing_not_buying', browsingNotBuying(events, asOf)],
    ['dormant_soon', dormancy(events, asOf, RULES.dormantSoonAfter)],
    ['dormant', dormancy(events, asOf, RULES.dormantAfter)],
  ]
  return byKind.flatMap(([kind, findings]) =>
    findings.map((f) => ({ kind, customerId, key: f.key, at: new Date(f.at).toISOString() })),
  )
}
