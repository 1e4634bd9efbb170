import {
  type Connector,
  type ConnectorContext,
  type MapOutcome,
  mapped,
  readBody,
  unsupportedTopic,
} from '../mapping.js'
import { wooCustomerMessages } from './customers.js'
import { wooDeletedMessages, wooOrderMessages } from './orders.js'
import { wooCustomerSchema, wooDeletedSchema, wooOrderSchema } from './schemas.js'

/** The WooCommerce webhook topics Reel maps (header `X-WC-Webhook-Topic`). */
export const WOOCOMMERCE_TOPICS = [
  'order.created',
  'order.updated',
  'order.deleted',
  'customer.created',
  'customer.updated',
] as const

/** A WooCommerce order (a webhook body, or the REST API's order for a back-fill) as Reel's messages. */
export function woocommerceOrderMessages(order: unknown, ctx: ConnectorContext): MapOutcome {
  return mapped(() => ({ messages: wooOrderMessages(readBody(wooOrderSchema, order), ctx) }))
}

/** WooCommerce's webhooks as Reel's messages. */
export const woocommerceConnector: Connector = {
  name: 'woocommerce',
  topics: WOOCOMMERCE_TOPICS,
  map(topic, body, ctx) {
    switch (topic) {
      case 'order.created':
      case 'order.updated':
        return woocommerceOrderMessages(body, ctx)
      case 'order.deleted':
        return mapped(() => ({ messages: wooDeletedMessages(readBody(wooDeletedSchema, body).id, ctx) }))
      case 'customer.created':
      case 'customer.updated':
        return mapped(() => ({ messages: wooCustomerMessages(readBody(wooCustomerSchema, body), ctx) }))
      default:
        return unsupportedTopic(topic)
    }
  },
}
