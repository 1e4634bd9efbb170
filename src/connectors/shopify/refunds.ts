import type { RawMessage } from '../../events/index.js'
import { type ConnectorContext, compact, type Person, trackFact } from '../mapping.js'
import { type Amount, moneyNumber, sumAmounts } from '../money.js'
import { factId, shopifyContext } from './identity.js'
import { productOf } from './products.js'
import type { ShopifyRefund } from './schemas.js'

/** A transaction that moved money back to the buyer (a failed or errored attempt did not). */
const refunded = (t: ShopifyRefund['transactions'][number]) =>
  t.kind === 'refund' && (t.status == null || t.status === 'success')

/**
 * What a refund gave back: the sum of its refund transactions, else (a refund recorded without a
 * payment, e.g. cash in the shop) the subtotals of its refunded lines.
 */
export function refundTotal(refund: ShopifyRefund): Amount {
  const transactions = refund.transactions.filter(refunded)
  if (transactions.length > 0) return sumAmounts(transactions.map((t) => t.amount))
  return sumAmounts(
    refund.refund_line_items.map((line) => line.subtotal_set?.shop_money.amount ?? line.subtotal ?? 0n),
  )
}

/** The currency a refund is in: its lines' shop currency, else its transactions', else the order's. */
function refundCurrency(refund: ShopifyRefund, orderCurrency: string | undefined): string | undefined {
  const line = refund.refund_line_items.find((l) => l.subtotal_set?.shop_money.currency_code)
  const fromLine = line?.subtotal_set?.shop_money.currency_code ?? undefined
  const fromTransaction = refund.transactions.find((t) => t.currency)?.currency ?? undefined
  const code = orderCurrency ?? fromLine ?? fromTransaction
  return code && code.length === 3 ? code : undefined
}

/**
 * A refund as `Order Refunded`: the refunded lines as products (their refunded quantity, at the line's
 * price: a subset is a partial return), the amount given back, and the note as the reason. One fact per
 * refund id, whether it came alone (refunds/create) or inside its order.
 */
export function refundMessages(
  refund: ShopifyRefund,
  person: Person,
  ctx: ConnectorContext,
  orderCurrency?: string,
): RawMessage[] {
  const products = refund.refund_line_items
    .filter((line) => line.quantity > 0)
    .map((line) => productOf(line.line_item, line.quantity))
  const total = refundTotal(refund)
  if (products.length === 0 && total === 0n) return []
  const timestamp = refund.created_at ?? refund.processed_at
  return [
    trackFact({
      messageId: factId(ctx, 'refund', refund.id),
      event: 'Order Refunded',
      person,
      ...(timestamp ? { timestamp } : { timestamp: ctx.receivedAt }),
      properties: compact({
        order_id: refund.order_id,
        refund_id: refund.id,
        total: moneyNumber(total),
        currency: refundCurrency(refund, orderCurrency),
        products,
        reason: refund.note?.trim(),
      }),
      context: shopifyContext(ctx),
    }),
  ]
}
