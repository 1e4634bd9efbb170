import type { RawMessage } from '../../events/index.js'
import {
  type ConnectorContext,
  compact,
  connectorContext,
  digest,
  identifyFact,
  type Person,
  passedIds,
} from '../mapping.js'

export const WOOCOMMERCE = 'woocommerce'

/** The id of a fact of the shop: `woocommerce:<shop>:<what>`. */
export const factId = (ctx: ConnectorContext, ...parts: string[]): string =>
  [WOOCOMMERCE, ctx.shop, ...parts].join(':')

export const wooContext = (ctx: ConnectorContext) => connectorContext(WOOCOMMERCE, ctx.shop)

/** Reel's userId of a WooCommerce customer account. */
export const wooUserId = (customerId: string | number): string => `woocommerce:${customerId}`

/**
 * The anonymous id of a guest by e-mail (hashed, so the address is not spelled out in ids): a guest's
 * orders are one visitor, who becomes the customer when an account with that address appears.
 */
export const wooGuestId = (email: string): string => `woocommerce-guest:${digest(email.trim().toLowerCase())}`

/** What an order says about its buyer. */
export interface WooBuyer {
  orderId: string
  customerId: number
  email: string | null | undefined
  phone: string | null | undefined
  firstName: string | null | undefined
  lastName: string | null | undefined
  metaData: ReadonlyArray<{ key: string; value: unknown }> | null | undefined
}

/**
 * Who an order is about: the account `woocommerce:<id>`, else the guest by hashed e-mail, else the order
 * itself; ids the shop passed in the order's meta data (`reel_user_id`, `ajs_anonymous_id`…) as for Shopify.
 * The order's contact is identified once per distinct contact.
 */
export function wooBuyerMessages(
  buyer: WooBuyer,
  timestamp: string,
  ctx: ConnectorContext,
): { person: Person; messages: RawMessage[] } {
  const passed = passedIds((buyer.metaData ?? []).map((m) => ({ name: m.key, value: m.value })))
  const email = buyer.email?.trim().toLowerCase() || undefined
  const anonymousId = passed.anonymousId ?? (email ? wooGuestId(email) : `woocommerce-order:${buyer.orderId}`)
  const userId = buyer.customerId > 0 ? wooUserId(buyer.customerId) : passed.userId
  const person: Person = userId ? { userId, anonymousId } : { anonymousId }
  const traits = compact({
    email,
    phone: buyer.phone?.trim(),
    first_name: buyer.firstName,
    last_name: buyer.lastName,
    woocommerce_customer_id: buyer.customerId > 0 ? String(buyer.customerId) : undefined,
  })
  const messages: RawMessage[] = []
  if (traits.email || traits.phone)
    messages.push(
      identifyFact({
        messageId: factId(ctx, 'contact', digest(`${userId ?? anonymousId}\n${JSON.stringify(traits)}`)),
        person,
        timestamp,
        traits,
        context: wooContext(ctx),
      }),
    )
  return { person, messages }
}
