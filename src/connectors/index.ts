/** Shop connectors: platform webhooks (topic + JSON body) as Reel's Segment messages, by pure functions. */
export { shopifyBackfillMessages } from './backfill-messages.js'
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
export { connectorsMigrations, PLATFORMS, type Platform } from './migrations.js'
export { type Amount, amountOf, decimalText, moneyNumber, sumAmounts } from './money.js'
export { PLATFORM_CONNECTORS } from './platforms.js'
export type { IncomingWebhook, WebhookAnswer } from './receive.js'
export {
  type ConnectorListing,
  type ConnectorSettings,
  type Connectors,
  createConnectors,
} from './service.js'
export { CHECKOUT_UPDATED } from './shopify/checkouts.js'
export {
  SHOPIFY_TOPICS,
  shopifyConnector,
  shopifyCustomerMessages,
  shopifyOrderMessages,
} from './shopify/connector.js'
export { shopOf, shopSchema } from './shops.js'
export { signedBy } from './signature.js'
export type { TopicActivity } from './store.js'
export {
  WOOCOMMERCE_TOPICS,
  woocommerceConnector,
  woocommerceOrderMessages,
} from './woocommerce/connector.js'
