/** Shop connectors: platform webhooks (topic + JSON body) as Reel's Segment messages, by pure functions. */
export {
  type Connector,
  type ConnectorContext,
  type ConnectorProblem,
  type MapOutcome,
  type Mapped,
  type Person,
  type PrivacyRequest,
  personOfCustomer,
} from './mapping.js'
export { type Amount, amountOf, decimalText, moneyNumber, sumAmounts } from './money.js'
export { CHECKOUT_UPDATED } from './shopify/checkouts.js'
export {
  SHOPIFY_TOPICS,
  shopifyConnector,
  shopifyCustomerMessages,
  shopifyOrderMessages,
} from './shopify/connector.js'
export {
  WOOCOMMERCE_TOPICS,
  woocommerceConnector,
  woocommerceOrderMessages,
} from './woocommerce/connector.js'

import type { Connector } from './mapping.js'
import { shopifyConnector } from './shopify/connector.js'
import { woocommerceConnector } from './woocommerce/connector.js'

/** Every connector by its name (the `:platform` of `/v1/connectors/:platform`). */
export const CONNECTORS: Readonly<Record<string, Connector>> = {
  shopify: shopifyConnector,
  woocommerce: woocommerceConnector,
}
