import type { RawMessage } from '../../events/index.js'
import { type ConnectorContext, compact, identifyFact } from '../mapping.js'
import { factId, wooContext, wooGuestId, wooUserId } from './identity.js'
import type { WooCustomer } from './schemas.js'

/**
 * A customer account as one identify per version of it. It carries the guest id of its e-mail, so the
 * orders that address placed as a guest join the account. WooCommerce keeps no marketing consent of its
 * own, so no consent traits are said.
 */
export function wooCustomerMessages(customer: WooCustomer, ctx: ConnectorContext): RawMessage[] {
  const email = (customer.email || customer.billing?.email)?.trim().toLowerCase() || undefined
  const at = customer.date_modified_gmt ?? customer.date_created_gmt ?? ctx.receivedAt
  const firstName = customer.first_name || customer.billing?.first_name
  const lastName = customer.last_name || customer.billing?.last_name
  return [
    identifyFact({
      messageId: factId(ctx, 'customer', customer.id, at),
      person: { userId: wooUserId(customer.id), ...(email ? { anonymousId: wooGuestId(email) } : {}) },
      timestamp: at,
      traits: compact({
        email,
        phone: customer.billing?.phone?.trim(),
        first_name: firstName,
        last_name: lastName,
        name: [firstName, lastName].filter((part) => part?.trim()).join(' '),
        country: customer.billing?.country,
        woocommerce_customer_id: customer.id,
      }),
      context: wooContext(ctx),
    }),
  ]
}
