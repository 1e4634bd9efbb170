import type { StoredEvent } from '../../events/index.js'
import {
  type CustomerFacts,
  DAY,
  eventName,
  idOf,
  numberOf,
  type OrderFacts,
  type RadarConfig,
} from './types.js'

/** Facts of a customer with no events yet. */
export function newCustomerFacts(customerId: string): CustomerFacts {
  return { customerId, orders: {}, orderCount: 0, lastOrderAt: null }
}

function emptyOrder(): OrderFacts {
  return {
    paidAt: null,
    total: 0,
    currency: null,
    cancelledAt: null,
    cancelledWhole: false,
    refunded: 0,
    paidBy: null,
  }
}

/** An event's money: total, else revenue, else value, else the sum of its products. */
export function amountOf(properties: Record<string, unknown>): number | null {
  const direct = numberOf(properties.total) ?? numberOf(properties.revenue) ?? numberOf(properties.value)
  if (direct !== null) return direct
  if (!Array.isArray(properties.products) || properties.products.length === 0) return null
  let sum = 0
  for (const p of properties.products as Array<Record<string, unknown>>)
    sum += (numberOf(p?.price) ?? 0) * (numberOf(p?.quantity) ?? 1)
  return sum
}

/** Folds one event into the customer's order and spend bookkeeping. */
export function applyCustomerFacts(facts: CustomerFacts, e: StoredEvent): CustomerFacts {
  const name = eventName(e)
  const at = e.occurredAt.getTime()
  const p = e.properties
  const orderId = idOf(p.order_id)
  if (name === 'Order Completed') {
    const next: CustomerFacts = {
      ...facts,
      orderCount: facts.orderCount + 1,
      lastOrderAt: facts.lastOrderAt === null ? at : Math.max(facts.lastOrderAt, at),
    }
    if (orderId === null) return next
    const order = facts.orders[orderId] ?? emptyOrder()
    if (order.paidAt !== null) return next
    const paid: OrderFacts = {
      ...order,
      paidAt: at,
      total: amountOf(p) ?? 0,
      currency: idOf(p.currency) ?? order.currency,
      paidBy: e.messageId,
    }
    return { ...next, orders: { ...facts.orders, [orderId]: paid } }
  }
  if (orderId === null) return facts
  const order = facts.orders[orderId] ?? emptyOrder()
  if (name === 'Order Cancelled' && order.cancelledAt === null) {
    const whole = !Array.isArray(p.products) || p.products.length === 0
    const cancelled = { ...order, cancelledAt: at, cancelledWhole: whole }
    return { ...facts, orders: { ...facts.orders, [orderId]: cancelled } }
  }
  if (name === 'Order Refunded') {
    const refunded = { ...order, refunded: order.refunded + (amountOf(p) ?? 0) }
    return { ...facts, orders: { ...facts.orders, [orderId]: refunded } }
  }
  return facts
}

/**
 * The customer's spend over the trailing window ending at `at`: paid orders net of refunds, orders
 * cancelled whole count nothing. In the currency of the latest paid order (others are left out).
 */
export function trailingSpend(
  facts: CustomerFacts,
  at: number,
  config: RadarConfig,
): { value: number; currency: string | null } {
  const from = at - config.spendWindowDays * DAY
  const paid = Object.values(facts.orders).filter(
    (o): o is OrderFacts & { paidAt: number } => o.paidAt !== null && o.paidAt > from && o.paidAt <= at,
  )
  if (paid.length === 0) return { value: 0, currency: null }
  const latest = paid.reduce((a, b) => (b.paidAt > a.paidAt ? b : a))
  let value = 0
  for (const o of paid) {
    if (o.currency !== latest.currency || (o.cancelledWhole && o.cancelledAt !== null)) continue
    value += Math.max(0, o.total - o.refunded)
  }
  return { value, currency: latest.currency }
}
