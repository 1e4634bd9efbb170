import { type PrivacyRequest, readBody } from '../mapping.js'
import { shopifyUserId } from './identity.js'
import { customersDataRequestSchema, customersRedactSchema, shopRedactSchema } from './schemas.js'

/** The mandatory compliance topics: privacy requests the route acts on, never events. */
export const PRIVACY_TOPICS = ['customers/redact', 'customers/data_request', 'shop/redact'] as const
export type PrivacyTopic = (typeof PRIVACY_TOPICS)[number]

const contact = (c: { email?: string | null | undefined; phone?: string | null | undefined }) => ({
  ...(c.email ? { email: c.email.trim().toLowerCase() } : {}),
  ...(c.phone ? { phone: c.phone.trim() } : {}),
})

/** A compliance webhook as the privacy request it makes; a malformed body throws MalformedBody. */
export function privacyRequestOf(topic: PrivacyTopic, body: unknown): PrivacyRequest {
  if (topic === 'shop/redact')
    return { kind: 'erase_shop', shopDomain: readBody(shopRedactSchema, body).shop_domain }
  if (topic === 'customers/redact') {
    const request = readBody(customersRedactSchema, body)
    return {
      kind: 'erase',
      customerId: shopifyUserId(request.customer.id),
      ...contact(request.customer),
      shopDomain: request.shop_domain,
      ordersToRedact: request.orders_to_redact ?? [],
    }
  }
  const request = readBody(customersDataRequestSchema, body)
  return {
    kind: 'export',
    customerId: shopifyUserId(request.customer.id),
    ...contact(request.customer),
    shopDomain: request.shop_domain,
    ordersRequested: request.orders_requested ?? [],
    ...(request.data_request ? { requestId: request.data_request.id } : {}),
  }
}
