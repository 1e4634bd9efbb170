import type { RawMessage } from '../../events/index.js'
import { type ConnectorContext, compact, identifyFact } from '../mapping.js'
import { factId, shopifyContext, shopifyUserId } from './identity.js'
import type { ShopifyCustomer } from './schemas.js'

/**
 * A Shopify marketing consent state as a yes or no: `subscribed` is a yes, `unsubscribed` and
 * `not_subscribed` a no; `pending` (double opt-in not confirmed), `redacted`, `invalid` or none say nothing.
 */
export function consentAnswer(state: string | null | undefined): boolean | undefined {
  switch (state?.trim().toLowerCase()) {
    case 'subscribed':
      return true
    case 'unsubscribed':
    case 'not_subscribed':
      return false
    default:
      return undefined
  }
}

/**
 * The consent traits Reel's consent rules read (`consent.<channel>.marketing`, see traitConsent): e-mail
 * from `email_marketing_consent`, else from the older `accepts_marketing`; SMS from `sms_marketing_consent`.
 * A channel the customer said nothing about is left out, so an earlier answer stands.
 */
export function consentTraits(customer: ShopifyCustomer): Record<string, { marketing: boolean }> | undefined {
  const email =
    customer.email_marketing_consent !== undefined && customer.email_marketing_consent !== null
      ? consentAnswer(customer.email_marketing_consent.state)
      : (customer.accepts_marketing ?? undefined)
  const sms = consentAnswer(customer.sms_marketing_consent?.state)
  const consent: Record<string, { marketing: boolean }> = {}
  if (email !== undefined) consent.email = { marketing: email }
  if (sms !== undefined) consent.sms = { marketing: sms }
  return Object.keys(consent).length > 0 ? consent : undefined
}

/** A customer's traits: contact, name, country, consent and the Shopify id. */
export function customerTraits(customer: ShopifyCustomer): Record<string, unknown> {
  const name = [customer.first_name, customer.last_name].filter((part) => part?.trim()).join(' ')
  return compact({
    email: customer.email?.trim().toLowerCase(),
    phone: customer.phone?.trim(),
    first_name: customer.first_name,
    last_name: customer.last_name,
    name,
    country: customer.default_address?.country_code,
    locale: customer.locale,
    consent: consentTraits(customer),
    shopify_customer_id: customer.id,
  })
}

/** A customer (customers/create, customers/update, or the Admin API) as one identify per version of them. */
export function customerMessages(customer: ShopifyCustomer, ctx: ConnectorContext): RawMessage[] {
  const at = customer.updated_at ?? customer.created_at ?? ctx.receivedAt
  return [
    identifyFact({
      messageId: factId(ctx, 'customer', customer.id, at),
      person: { userId: shopifyUserId(customer.id) },
      timestamp: at,
      traits: customerTraits(customer),
      context: shopifyContext(ctx),
    }),
  ]
}
