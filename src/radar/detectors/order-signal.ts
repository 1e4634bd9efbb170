import type { StoredEvent } from '../../events/index.js'
import { type DetectorContext, type DetectorKind, iso, type Signal, type Step, unchanged } from './types.js'

/** State of an order-bound kind: the orders it has already fired for (one signal per order). */
export interface FiredOrders {
  fired: Record<string, true>
}

export function newFiredOrders(): FiredOrders {
  return { fired: {} }
}

/** The signal of an order-bound kind: valued at the order's total, evidenced by payment and this event. */
export function orderSignal(
  kind: DetectorKind,
  orderId: string,
  e: StoredEvent,
  ctx: DetectorContext,
): Signal {
  const order = ctx.customer.orders[orderId]
  const evidence = [order?.paidBy, e.messageId].filter((id): id is string => typeof id === 'string')
  return {
    kind,
    customerId: ctx.customer.customerId,
    key: orderId,
    at: iso(e.occurredAt.getTime()),
    evidence,
    valueAtStake: order?.total ?? 0,
    currency: order?.currency ?? null,
  }
}

/** Fires once per order: a step with the signal, unless this order already fired. */
export function fireOnce(
  state: FiredOrders,
  kind: DetectorKind,
  orderId: string,
  e: StoredEvent,
  ctx: DetectorContext,
): Step<FiredOrders> {
  if (state.fired[orderId]) return unchanged(state)
  return {
    state: { fired: { ...state.fired, [orderId]: true } },
    signals: [orderSignal(kind, orderId, e, ctx)],
    timers: [],
  }
}
