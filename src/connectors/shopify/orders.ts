import type { CancelReason, RawMessage } from '../../events/index.js'
import {
  type ConnectorContext,
  compact,
  mainId,
  orderVisitorLink,
  type Person,
  trackFact,
} from '../mapping.js'
import { moneyNumber, sumAmounts } from '../money.js'
import { buyerMessages, contactOf, factId, shopifyCartId, shopifyContext } from './identity.js'
import { productOf } from './products.js'
import { refundMessages } from './refunds.js'
import type { ShopifyOrder } from './schemas.js'

/** Financial states of an order whose payment was taken (a refund comes after a payment). */
const PAID_STATES = new Set(['paid', 'partially_paid', 'partially_refunded', 'refunded'])

/** Shopify's cancel reasons in Reel's words; the raw one is kept as `platform_reason`. */
const CANCEL_REASONS: Record<string, CancelReason> = {
  customer: 'customer_request',
  inventory: 'out_of_stock',
  declined: 'payment_failed',
  fraud: 'fraud',
}

/** Reel's reason for a Shopify cancel reason: `staff`, `other` and any unknown word are `other`. */
export function cancelReasonOf(shopifyReason: string | null | undefined): CancelReason {
  return CANCEL_REASONS[shopifyReason?.trim().toLowerCase() ?? ''] ?? 'other'
}

/** Whether the order's payment was taken: its financial status, or the orders/paid topic that says so. */
export function isPaid(order: ShopifyOrder, paidTopic = false): boolean {
  return paidTopic || PAID_STATES.has(order.financial_status ?? '')
}

/**
 * The facts an order's current state states: its payment (`Order Completed`), its cancellation, each
 * refund, and who bought it. Every fact reads the order's original figures (`total_price`, the lines'
 * ordered quantities), never the current ones, and has its own time and id: each delivery of the order,
 * in any order, states facts with the same ids and contents, so the log keeps one of each.
 */
export function orderMessages(order: ShopifyOrder, ctx: ConnectorContext, paidTopic = false): RawMessage[] {
  const placedAt = order.processed_at ?? order.created_at
  const token = order.checkout_token ?? order.cart_token ?? undefined
  const buyer = buyerMessages(
    {
      customerId: order.customer?.id,
      checkoutToken: token,
      orderId: order.id,
      noteAttributes: order.note_attributes,
      // A customer's own contact; the billing address (perhaps someone else's) only for a guest.
      ...contactOf(order),
    },
    placedAt,
    ctx,
  )
  const messages = [
    ...buyer.messages,
    ...orderVisitorLink(
      factId(ctx, 'order', order.id, 'buyer'),
      order.id,
      buyer.person,
      placedAt,
      shopifyContext(ctx),
    ),
  ]
  const products = order.line_items.map((item) => productOf(item))
  if (isPaid(order, paidTopic)) messages.push(completed(order, buyer.person, placedAt, token, products, ctx))
  if (order.cancelled_at)
    messages.push(
      trackFact({
        messageId: factId(ctx, 'order', order.id, 'cancelled'),
        event: 'Order Cancelled',
        person: mainId(buyer.person),
        timestamp: order.cancelled_at,
        properties: compact({
          order_id: order.id,
          total: moneyNumber(order.total_price),
          currency: order.currency,
          products,
          reason: cancelReasonOf(order.cancel_reason),
          platform_reason: order.cancel_reason,
        }),
        context: shopifyContext(ctx),
      }),
    )
  for (const refund of order.refunds ?? [])
    messages.push(...refundMessages(refund, mainId(buyer.person), ctx, order.currency))
  return messages
}

function completed(
  order: ShopifyOrder,
  person: Person,
  placedAt: string,
  token: string | undefined,
  products: Record<string, unknown>[],
  ctx: ConnectorContext,
): RawMessage {
  const shipping =
    order.total_shipping_price_set?.shop_money.amount ??
    (order.shipping_lines ? sumAmounts(order.shipping_lines.map((line) => line.price)) : undefined)
  const money = (amount: bigint | null | undefined) =>
    amount === null || amount === undefined ? undefined : moneyNumber(amount)
  return trackFact({
    messageId: factId(ctx, 'order', order.id, 'completed'),
    event: 'Order Completed',
    person,
    timestamp: placedAt,
    properties: compact({
      order_id: order.id,
      cart_id: token ? shopifyCartId(token) : undefined,
      total: moneyNumber(order.total_price),
      revenue: money(order.subtotal_price),
      discount: money(order.total_discounts),
      shipping: money(shipping),
      tax: money(order.total_tax),
      currency: order.currency,
      coupon: order.discount_codes?.[0]?.code,
      products,
    }),
    context: shopifyContext(ctx),
  })
}
