import { compact } from '../mapping.js'
import { type Amount, moneyNumber, sumAmounts, times } from '../money.js'
import type { ShopifyLineItem } from './schemas.js'

/** A Shopify line item as a Segment product; `quantity` is given for a refund's part of the line. */
export function productOf(item: ShopifyLineItem, quantity = item.quantity): Record<string, unknown> {
  return compact({
    product_id: item.product_id,
    variant_id: item.variant_id,
    sku: item.sku,
    name: item.title ?? item.name,
    variant: item.variant_title,
    brand: item.vendor,
    category: item.product_type,
    price: moneyNumber(item.price),
    quantity,
  })
}

/** The value of line items: the exact sum of price × quantity. */
export function linesValue(items: readonly ShopifyLineItem[]): Amount {
  return sumAmounts(items.map((item) => times(item.price, item.quantity)))
}
