import type { StoredEvent } from '../../events/index.js'
import { type FiredOrders, fireOnce } from './order-signal.js'
import { type DetectorContext, eventName, idOf, type Step, unchanged } from './types.js'

/** out_of_stock: an Order Cancelled with reason out_of_stock for a paid order, whole or partial. */
export function outOfStock(state: FiredOrders, e: StoredEvent, ctx: DetectorContext): Step<FiredOrders> {
  if (eventName(e) !== 'Order Cancelled' || e.properties.reason !== 'out_of_stock') return unchanged(state)
  const orderId = idOf(e.properties.order_id)
  if (orderId === null) return unchanged(state)
  const paidAt = ctx.customer.orders[orderId]?.paidAt ?? null
  if (paidAt === null || e.occurredAt.getTime() < paidAt) return unchanged(state)
  return fireOnce(state, 'out_of_stock', orderId, e, ctx)
}
