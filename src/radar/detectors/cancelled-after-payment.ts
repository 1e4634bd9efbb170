import type { StoredEvent } from '../../events/index.js'
import { type FiredOrders, fireOnce } from './order-signal.js'
import { type DetectorContext, eventName, HOUR, idOf, type Step, unchanged } from './types.js'

/**
 * cancelled_after_payment: an Order Cancelled with reason customer_request, or no reason, for a paid
 * order, at most cancelWindowHours after its payment (the limit itself counts).
 */
export function cancelledAfterPayment(
  state: FiredOrders,
  e: StoredEvent,
  ctx: DetectorContext,
): Step<FiredOrders> {
  if (eventName(e) !== 'Order Cancelled') return unchanged(state)
  const orderId = idOf(e.properties.order_id)
  const reason = e.properties.reason
  if (orderId === null || (reason !== undefined && reason !== null && reason !== 'customer_request'))
    return unchanged(state)
  const paidAt = ctx.customer.orders[orderId]?.paidAt ?? null
  const at = e.occurredAt.getTime()
  if (paidAt === null || at < paidAt || at - paidAt > ctx.config.cancelWindowHours * HOUR)
    return unchanged(state)
  return fireOnce(state, 'cancelled_after_payment', orderId, e, ctx)
}
