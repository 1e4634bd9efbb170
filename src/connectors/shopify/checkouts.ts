import type { RawMessage } from '../../events/index.js'
import { type ConnectorContext, compact, trackFact } from '../mapping.js'
import { moneyNumber } from '../money.js'
import { buyerMessages, contactOf, factId, shopifyCartId, shopifyContext } from './identity.js'
import { productOf } from './products.js'
import type { ShopifyCheckout } from './schemas.js'

/** Reel's event for a checkout's current contents: a snapshot of the cart, not a change to it. */
export const CHECKOUT_UPDATED = 'Checkout Updated'

/**
 * A checkout as `Checkout Updated`: the cart's full current items, its value and the link that brings the
 * buyer back. A completed checkout states nothing new (its order does). One fact per checkout state
 * (token and `updated_at`).
 */
export function checkoutMessages(checkout: ShopifyCheckout, ctx: ConnectorContext): RawMessage[] {
  if (checkout.completed_at) return []
  const at = checkout.updated_at ?? checkout.created_at
  const buyer = buyerMessages(
    {
      customerId: checkout.customer?.id,
      checkoutToken: checkout.token,
      orderId: undefined,
      noteAttributes: checkout.note_attributes,
      // A customer's own contact; the billing address (perhaps someone else's) only for a guest.
      ...contactOf(checkout),
    },
    at,
    ctx,
  )
  return [
    ...buyer.messages,
    trackFact({
      messageId: factId(ctx, 'checkout', checkout.token, at),
      event: CHECKOUT_UPDATED,
      person: buyer.person,
      timestamp: at,
      properties: compact({
        cart_id: shopifyCartId(checkout.token),
        products: checkout.line_items.map((item) => productOf(item)),
        value: moneyNumber(checkout.total_price),
        currency: checkout.currency,
        checkout_url: checkout.abandoned_checkout_url,
      }),
      context: shopifyContext(ctx),
    }),
  ]
}
