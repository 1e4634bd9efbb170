import type { CancelReason } from '../events/message.js'
import { linesTotal, type OrderLine, type Sender, trackMessage } from './messages.js'
import { orderCare } from './post-purchase.js'
import { planReview } from './reviews.js'
import type { DemoShop, OpenCart } from './shop.js'
import { DAY, HOUR, MINUTE } from './time.js'

/** The shop's only currency: Korean won, no minor unit. */
export const CURRENCY = 'KRW'
/** Free delivery from 50,000 won, otherwise 3,000 won. */
const FREE_SHIPPING_FROM = 50_000
const SHIPPING_FEE = 3_000

/** A paid order, as the aftermath planner needs it. */
export interface PaidOrder {
  orderId: string
  userId: string
  lines: OrderLine[]
  paidAt: number
}

function orderProperties(orderId: string, lines: readonly OrderLine[]): Record<string, unknown> {
  const revenue = linesTotal(lines)
  const shipping = revenue >= FREE_SHIPPING_FROM ? 0 : SHIPPING_FEE
  return {
    order_id: orderId,
    total: revenue + shipping,
    revenue,
    shipping,
    discount: 0,
    currency: CURRENCY,
    products: lines.map((line) => ({ ...line })),
  }
}

/**
 * Checks the cart out: `Checkout Started`, then (most of the time) payment a few minutes later.
 * Returns the paid order, or null when the customer walked away at the payment page (the cart stays full).
 */
export function checkOut(
  shop: DemoShop,
  sender: Sender & { userId: string },
  cart: OpenCart,
  at: number,
): { order: PaidOrder | null; at: number } {
  const r = shop.random
  const orderId = shop.nextId('order')
  const { total, ...rest } = orderProperties(orderId, cart.lines)
  shop.agenda.plan(
    at,
    trackMessage(sender, at, 'Checkout Started', { ...rest, value: total, cart_id: cart.id }),
  )
  const paidAt = at + r.int(1, 6) * MINUTE + r.int(0, 59) * 1000
  if (r.chance(0.12)) return { order: null, at: paidAt }
  shop.agenda.plan(
    paidAt,
    trackMessage(sender, paidAt, 'Order Completed', {
      ...orderProperties(orderId, cart.lines),
      cart_id: cart.id,
    }),
  )
  return { order: { orderId, userId: sender.userId, lines: cart.lines, paidAt }, at: paidAt }
}

/** Some of the lines (at least one, not all when there are several): a partial cancel or return. */
function someLines(shop: DemoShop, lines: readonly OrderLine[]): OrderLine[] {
  if (lines.length < 2) return [...lines]
  const keep = lines.filter(() => shop.random.chance(0.5))
  if (keep.length === 0 || keep.length === lines.length) return [lines[0] as OrderLine]
  return keep
}

function planCancel(
  shop: DemoShop,
  order: PaidOrder,
  at: number,
  reason: CancelReason | null,
  lines: readonly OrderLine[],
): void {
  const props: Record<string, unknown> = orderProperties(order.orderId, lines)
  if (reason !== null) props.reason = reason
  shop.agenda.plan(at, trackMessage({ userId: order.userId }, at, 'Order Cancelled', props))
}

function planRefund(
  shop: DemoShop,
  order: PaidOrder,
  at: number,
  lines: readonly OrderLine[],
  reason: string,
): void {
  shop.agenda.plan(
    at,
    trackMessage({ userId: order.userId }, at, 'Order Refunded', {
      ...orderProperties(order.orderId, lines),
      reason,
    }),
  )
}

const RETURN_REASONS = ['size_too_small', 'size_too_large', 'not_as_pictured', 'defective', 'changed_mind']

/**
 * Decides, at payment, what happens to the order afterwards and files it in the agenda: cancellations
 * (with the shop's reasons and realistic delays), the parcels of what is not cancelled, returns and refunds,
 * reviews. What falls after the end of the demo simply never happens. The parcels draw from the order's own
 * stream (`orderCare`): the shop's stream makes the same draws as before they existed.
 */
export function planAftermath(shop: DemoShop, order: PaidOrder): void {
  const r = shop.random
  const paid = order.paidAt
  const care = orderCare(shop, order.orderId, order.userId)
  const roll = r.next()
  if (roll < 0.02) {
    // A virtual-account (무통장입금) order whose deposit never came.
    planCancel(shop, order, paid + r.int(24, 72) * HOUR, 'payment_failed', order.lines)
    return
  }
  if (roll < 0.025) {
    planCancel(shop, order, paid + r.int(1, 12) * HOUR + r.int(0, 59) * MINUTE, 'fraud', order.lines)
    return
  }
  if (roll < 0.09) {
    // Most customer cancels come the same day; some after shipping preparation began (over 24 h).
    const soon = r.chance(0.7)
    const delay = soon ? r.int(10, 23 * 60 + 30) * MINUTE : r.int(25, 96) * HOUR
    // Some shops send no reason for a customer's own cancel.
    planCancel(shop, order, paid + delay, r.chance(0.25) ? null : 'customer_request', order.lines)
    care.labelBefore(paid, paid + delay)
    return
  }
  if (roll < 0.125) {
    const lines = r.chance(0.5) ? someLines(shop, order.lines) : order.lines
    const at = paid + r.int(12, 96) * HOUR
    planCancel(shop, order, at, 'out_of_stock', lines)
    // What was in stock still goes, in one parcel.
    const rest = order.lines.filter((line) => !lines.includes(line))
    if (rest.length > 0) care.ship(at, rest, false)
    // The money back for a cancellation is not a return (README: returned).
    if (r.chance(0.5)) planRefund(shop, order, at + r.int(1, 3) * DAY, lines, 'out_of_stock')
    return
  }
  if (roll < 0.135) {
    planCancel(shop, order, paid + r.int(1, 48) * HOUR, 'other', order.lines)
    return
  }
  care.ship(paid, order.lines, true)
  if (r.chance(0.08)) {
    const lines = r.chance(0.6) ? order.lines : someLines(shop, order.lines)
    const reason = r.pick(RETURN_REASONS)
    const at = paid + r.int(3, 14) * DAY + r.int(0, 23) * HOUR
    const returnId = shop.nextId('return')
    shop.agenda.plan(
      at,
      trackMessage({ userId: order.userId }, at, 'Return Requested', {
        ...orderProperties(order.orderId, lines),
        return_id: returnId,
        reason,
      }),
    )
    const refundAt = r.chance(0.85) ? at + r.int(2, 7) * DAY : null
    care.returnParcel(returnId, at, refundAt, lines)
    if (refundAt !== null) planRefund(shop, order, refundAt, lines, reason)
  } else if (r.chance(0.02)) {
    // A partial refund without a return: a flaw found on delivery, settled by the shop.
    planRefund(shop, order, paid + r.int(3, 20) * DAY, someLines(shop, order.lines), 'defective')
  }
  if (r.chance(0.35)) planReview(shop, order.userId, order.orderId, r.pick(order.lines), paid)
}
