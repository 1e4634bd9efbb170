import type { CancelReason, RawMessage } from '../../events/index.js'
import {
  type ConnectorContext,
  compact,
  mainId,
  orderPerson,
  orderVisitorLink,
  type Person,
  trackFact,
} from '../mapping.js'
import { absolute, moneyNumber, sumAmounts } from '../money.js'
import { factId, wooBuyerMessages, wooContext } from './identity.js'
import type { WooLineItem, WooOrder } from './schemas.js'

/** Statuses of an order whose payment was taken (refunded: taken, then given back). */
const PAID_STATUSES = new Set(['processing', 'completed', 'refunded'])
/** Statuses that end an order unpaid or undone, with Reel's reason. */
const CANCELLED_STATUSES: Record<string, CancelReason> = { cancelled: 'other', failed: 'payment_failed' }

/** A WooCommerce line item as a Segment product. */
export function wooProductOf(item: WooLineItem): Record<string, unknown> {
  return compact({
    product_id: item.product_id ? String(item.product_id) : undefined,
    variant_id: item.variation_id ? String(item.variation_id) : undefined,
    sku: item.sku,
    name: item.name,
    price: moneyNumber(item.price),
    quantity: item.quantity,
  })
}

/** Whether the order was paid: a paid status, or a payment date (a paid order cancelled later). */
export function wooIsPaid(order: WooOrder): boolean {
  return PAID_STATUSES.has(order.status) || (order.date_paid_gmt != null && order.status !== 'failed')
}

/**
 * The facts an order's current state states: its payment, its cancellation (cancelled: `other`; failed:
 * `payment_failed`), each refund, and its buyer's contact. WooCommerce gives a cancellation or a refund no
 * time of its own: they take the order's `date_modified_gmt` when first seen, and their ids keep later
 * deliveries from stating them again.
 */
export function wooOrderMessages(order: WooOrder, ctx: ConnectorContext): RawMessage[] {
  const placedAt = order.date_created_gmt
  const changedAt = order.date_modified_gmt ?? placedAt
  const buyer = wooBuyerMessages(
    {
      orderId: order.id,
      customerId: order.customer_id,
      email: order.billing?.email,
      phone: order.billing?.phone,
      firstName: order.billing?.first_name,
      lastName: order.billing?.last_name,
      metaData: order.meta_data,
    },
    placedAt,
    ctx,
  )
  const person = mainId(buyer.person)
  const products = order.line_items.map(wooProductOf)
  const messages = [
    ...buyer.messages,
    ...orderVisitorLink(
      factId(ctx, 'order', order.id, 'buyer'),
      order.id,
      buyer.person,
      placedAt,
      wooContext(ctx),
    ),
  ]
  if (wooIsPaid(order)) messages.push(completed(order, buyer.person, products, ctx))
  const reason = CANCELLED_STATUSES[order.status]
  if (reason)
    messages.push(cancelled(order.id, person, changedAt, reason, order.status, ctx, order, products))
  const refunds = order.refunds ?? []
  for (const refund of refunds)
    messages.push(
      trackFact({
        messageId: factId(ctx, 'refund', refund.id),
        event: 'Order Refunded',
        person,
        timestamp: changedAt,
        properties: compact({
          order_id: order.id,
          refund_id: refund.id,
          total: moneyNumber(absolute(refund.total)),
          currency: order.currency,
          reason: refund.reason?.trim(),
        }),
        context: wooContext(ctx),
      }),
    )
  // An order marked refunded by hand, with no refund recorded: the whole order came back.
  if (order.status === 'refunded' && refunds.length === 0)
    messages.push(
      trackFact({
        messageId: factId(ctx, 'order', order.id, 'refunded'),
        event: 'Order Refunded',
        person,
        timestamp: changedAt,
        properties: {
          order_id: order.id,
          total: moneyNumber(order.total),
          currency: order.currency,
          products,
        },
        context: wooContext(ctx),
      }),
    )
  return messages
}

/**
 * A deleted order (order.deleted, whose body is its id alone) as a cancellation with reason `other` and
 * `platform_reason: 'deleted'`: a shop deletes test and spam orders, which should not count as sales;
 * `other` keeps it out of the radar's cancelled-after-payment signal. Its time is the delivery's (the
 * body has none); an order already cancelled keeps its first cancellation (same id).
 */
export function wooDeletedMessages(orderId: string, ctx: ConnectorContext): RawMessage[] {
  return [cancelled(orderId, orderPerson(orderId, ctx), ctx.receivedAt, 'other', 'deleted', ctx)]
}

function cancelled(
  orderId: string,
  person: Person,
  at: string,
  reason: CancelReason,
  platformReason: string,
  ctx: ConnectorContext,
  order?: WooOrder,
  products?: Record<string, unknown>[],
): RawMessage {
  return trackFact({
    messageId: factId(ctx, 'order', orderId, 'cancelled'),
    event: 'Order Cancelled',
    person,
    timestamp: at,
    properties: compact({
      order_id: orderId,
      total: order ? moneyNumber(order.total) : undefined,
      currency: order?.currency,
      products,
      reason,
      platform_reason: platformReason,
    }),
    context: wooContext(ctx),
  })
}

function completed(
  order: WooOrder,
  person: Person,
  products: Record<string, unknown>[],
  ctx: ConnectorContext,
): RawMessage {
  const money = (amount: bigint | null | undefined) =>
    amount === null || amount === undefined ? undefined : moneyNumber(amount)
  const lineTotals = order.line_items.map((item) => item.total)
  const revenue = lineTotals.every((t) => t != null) ? sumAmounts(lineTotals as bigint[]) : undefined
  return trackFact({
    messageId: factId(ctx, 'order', order.id, 'completed'),
    event: 'Order Completed',
    person,
    timestamp: order.date_paid_gmt ?? order.date_created_gmt,
    properties: compact({
      order_id: order.id,
      total: moneyNumber(order.total),
      revenue: money(revenue),
      discount: money(order.discount_total),
      shipping: money(order.shipping_total),
      tax: money(order.total_tax),
      currency: order.currency,
      coupon: order.coupon_lines?.[0]?.code,
      products,
    }),
    context: wooContext(ctx),
  })
}
