import type { RawMessage } from '../../events/index.js'
import {
  aliasFact,
  type ConnectorContext,
  compact,
  connectorContext,
  digest,
  identifyFact,
  type Person,
  passedIds,
} from '../mapping.js'

/** The platform's name, in ids and the messages' context. */
export const SHOPIFY = 'shopify'

/** The id of a fact of the shop: `shopify:<shop>:<what>`, the same for every delivery that states it. */
export const factId = (ctx: ConnectorContext, ...parts: string[]): string =>
  [SHOPIFY, ctx.shop, ...parts].join(':')

export const shopifyContext = (ctx: ConnectorContext) => connectorContext(SHOPIFY, ctx.shop)

/** Reel's userId of a Shopify customer. */
export const shopifyUserId = (customerId: string): string => `shopify:${customerId}`

/** Reel's cart id of a Shopify checkout, so the order closes its abandoned checkout's cart. */
export const shopifyCartId = (token: string): string => `shopify:${token}`

/** What an order or checkout says about its buyer. */
export interface BuyerFacts {
  customerId: string | undefined
  checkoutToken: string | undefined
  orderId: string | undefined
  noteAttributes: ReadonlyArray<{ name: string; value: unknown }> | null | undefined
  email: string | null | undefined
  phone: string | null | undefined
  firstName: string | null | undefined
  lastName: string | null | undefined
}

type Contact = Pick<BuyerFacts, 'email' | 'phone' | 'firstName' | 'lastName'>

/** The contact an order or checkout gives: its customer's, else (a guest) its own and its billing name. */
export function contactOf(source: {
  email?: string | null | undefined
  phone?: string | null | undefined
  customer?:
    | { email?: string | null; phone?: string | null; first_name?: string | null; last_name?: string | null }
    | null
    | undefined
  billing_address?:
    | { first_name?: string | null; last_name?: string | null; phone?: string | null }
    | null
    | undefined
}): Contact {
  const { customer, billing_address: billing } = source
  if (customer)
    return {
      email: customer.email ?? source.email,
      phone: customer.phone ?? source.phone,
      firstName: customer.first_name,
      lastName: customer.last_name,
    }
  return {
    email: source.email,
    phone: source.phone ?? billing?.phone,
    firstName: billing?.first_name,
    lastName: billing?.last_name,
  }
}

/**
 * Who an order or checkout is about. A customer is `shopify:<id>`; a guest is the checkout (or the order)
 * as an anonymous visitor. A Segment anonymous id the shop passed in the cart attributes stands in for
 * the checkout's, so the browsing history before the purchase joins; a user id of the shop's own makes a
 * guest that user, and is aliased to a Shopify customer.
 */
export function buyerOf(facts: BuyerFacts): { person: Person; shopUserId: string | undefined } {
  const passed = passedIds(facts.noteAttributes ?? [])
  const anonymousId =
    passed.anonymousId ??
    (facts.checkoutToken ? `shopify-checkout:${facts.checkoutToken}` : `shopify-order:${facts.orderId}`)
  if (facts.customerId)
    return { person: { userId: shopifyUserId(facts.customerId), anonymousId }, shopUserId: passed.userId }
  return {
    person: passed.userId ? { userId: passed.userId, anonymousId } : { anonymousId },
    shopUserId: undefined,
  }
}

/**
 * The identity messages an order or checkout adds to its facts: the contact it gives (e-mail, phone,
 * name), once per distinct contact, and an alias when the shop passed its own user id for a customer.
 */
export function buyerMessages(
  facts: BuyerFacts,
  timestamp: string,
  ctx: ConnectorContext,
): { person: Person; messages: RawMessage[] } {
  const { person, shopUserId } = buyerOf(facts)
  const messages: RawMessage[] = []
  const context = shopifyContext(ctx)
  const traits = compact({
    email: facts.email?.trim().toLowerCase(),
    phone: facts.phone?.trim(),
    first_name: facts.firstName,
    last_name: facts.lastName,
    shopify_customer_id: facts.customerId,
  })
  if (traits.email || traits.phone) {
    const who = 'userId' in person ? person.userId : person.anonymousId
    messages.push(
      identifyFact({
        // One identify per contact a person gives, however many orders and checkouts repeat it.
        messageId: factId(ctx, 'contact', digest(`${who}\n${JSON.stringify(traits)}`)),
        person,
        timestamp,
        traits,
        context,
      }),
    )
  }
  if (facts.customerId && shopUserId && shopUserId !== shopifyUserId(facts.customerId))
    messages.push(
      aliasFact({
        messageId: factId(ctx, 'customer', facts.customerId, 'alias', digest(shopUserId)),
        previousId: shopifyUserId(facts.customerId),
        userId: shopUserId,
        timestamp,
        context,
      }),
    )
  return { person, messages }
}
