import type { StoredEvent } from '../../events/index.js'
import { type FiredOrders, fireOnce } from './order-signal.js'
import { type DetectorContext, eventName, idOf, type Step, unchanged } from './types.js'

/**
 * returned: a Return Requested for a paid order, or an Order Refunded for a paid order not cancelled
 * before the refund (a refund after a cancel gives back the cancellation's money: not a return).
 * Whole or partial alike.
 */
export function returned(state: FiredOrders, e: StoredEvent, ctx: DetectorContext): Step<FiredOrders> {
  const name = eventName(e)
  if (name !== 'Return Requested' && name !== 'Order Refunded') return unchanged(state)
  const orderId = idOf(e.properties.order_id)
  if (orderId === null) return unchanged(state)
  const order = ctx.customer.orders[orderId]
  const at = e.occurredAt.getTime()
  if (!order || order.paidAt === null || at < order.paidAt) return unchanged(state)
  if (name === 'Order Refunded' && order.cancelledAt !== null && order.cancelledAt <= at)
    return unchanged(state)
  return fireOnce(state, 'returned', orderId, e, ctx)
}
