import type { Connector } from './mapping.js'
import type { Platform } from './migrations.js'
import { shopifyConnector } from './shopify/connector.js'
import { woocommerceConnector } from './woocommerce/connector.js'

/** Every connector by its platform (the `:platform` of `/v1/connectors/:platform`). */
export const PLATFORM_CONNECTORS: Readonly<Record<Platform, Connector>> = {
  shopify: shopifyConnector,
  woocommerce: woocommerceConnector,
}
