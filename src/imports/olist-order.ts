import type { Product, RawMessage } from '../events/message.js'
import { compareText, type Person, trackMessage } from './messages.js'
import { roundMoney } from './values.js'

/** One Olist order with its times already read as UTC ISO strings. */
export interface OlistOrder {
  orderId: string
  status: string
  purchasedAt: string
  approvedAt?: string
  handedToCarrierAt?: string
  deliveredAt?: string
  /** A calendar day ("2018-09-03"): Olist promises a day, not an hour. */
  estimatedDelivery?: string
}

/** What was bought and paid: products from the items file, amounts from items and payments. */
export interface OlistBasket {
  products: Product[]
  /** Sum of item prices. */
  merchandise: number
  /** Sum of item freight. */
  freight: number
  /** Sum of payment_value, when the payments file has rows for the order. */
  paid?: number
}

// Statuses Olist only reaches once the payment is approved. `canceled` can happen before or after
// payment, so for it only an approval time proves payment; `created` never reached payment.
const PAID_STATUSES = new Set(['approved', 'invoiced', 'processing', 'shipped', 'delivered', 'unavailable'])

/** When the order was paid, or undefined when the export does not show that it was. */
export function paidAt(order: OlistOrder): string | undefined {
  if (order.approvedAt) return order.approvedAt
  return PAID_STATUSES.has(order.status) ? order.purchasedAt : undefined
}

/**
 * The order's total: what the customer paid when payments are known (vouchers included), else items plus
 * freight. The two differ on a few orders (interest on instalments); the payment is what the shop got.
 */
export function orderTotal(basket: OlistBasket): number | undefined {
  if (basket.paid !== undefined) return basket.paid
  return basket.products.length > 0 ? roundMoney(basket.merchandise + basket.freight) : undefined
}

/**
 * Olist records no cancellation time. The latest fact known about the order (approval, hand-over to the
 * carrier) is the best lower bound, and keeps the cancellation after the payment it cancels.
 */
export function cancelledAt(order: OlistOrder): string {
  const known = [order.purchasedAt, order.approvedAt, order.handedToCarrierAt, order.deliveredAt]
  return (
    known
      .filter((time): time is string => time !== undefined)
      .sort(compareText)
      .at(-1) ?? order.purchasedAt
  )
}

/** The lifecycle of one order as Segment events: checkout, payment, shipment, cancellation. */
export function olistOrderEvents(order: OlistOrder, basket: OlistBasket, person: Person): RawMessage[] {
  const id = order.orderId
  const total = orderTotal(basket)
  const amounts = {
    order_id: id,
    ...(total !== undefined && { total }),
    currency: 'BRL',
    products: basket.products,
  }
  const events: RawMessage[] = [
    trackMessage({
      messageId: `olist:checkout-started:${id}`,
      event: 'Checkout Started',
      person,
      timestamp: order.purchasedAt,
      properties: {
        order_id: id,
        ...(total !== undefined && { value: total }),
        currency: 'BRL',
        products: basket.products,
      },
    }),
  ]
  const paymentTime = paidAt(order)
  if (paymentTime)
    events.push(
      trackMessage({
        messageId: `olist:order-completed:${id}`,
        event: 'Order Completed',
        person,
        timestamp: paymentTime,
        properties: {
          ...amounts,
          // Without items (unavailable orders) only the payment is known.
          ...(basket.products.length > 0 && {
            revenue: roundMoney(basket.merchandise),
            shipping: roundMoney(basket.freight),
          }),
          order_status: order.status,
        },
      }),
    )
  events.push(...shipmentEvents(order, person))
  const reason =
    order.status === 'unavailable' ? 'out_of_stock' : order.status === 'canceled' ? 'other' : undefined
  if (reason)
    events.push(
      trackMessage({
        messageId: `olist:order-cancelled:${id}`,
        event: 'Order Cancelled',
        person,
        timestamp: cancelledAt(order),
        properties: { ...amounts, reason },
      }),
    )
  return events
}

function shipmentEvents(order: OlistOrder, person: Person): RawMessage[] {
  const steps: [status: string, at: string | undefined][] = [
    ['in_transit', order.handedToCarrierAt],
    ['delivered', order.deliveredAt],
  ]
  return steps
    .filter((step): step is [string, string] => step[1] !== undefined)
    .map(([status, at]) =>
      trackMessage({
        messageId: `olist:shipment-updated:${order.orderId}:${status}`,
        event: 'Shipment Updated',
        person,
        timestamp: at,
        properties: {
          order_id: order.orderId,
          // Olist ships each order once, and names no carrier or tracking number.
          shipment_id: order.orderId,
          status,
          ...(order.estimatedDelivery && { estimated_delivery: order.estimatedDelivery }),
        },
      }),
    )
}
