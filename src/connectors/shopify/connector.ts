import type { RawMessage } from '../../events/index.js'
import {
  type Connector,
  type ConnectorContext,
  type MapOutcome,
  mapped,
  orderPerson,
  readBody,
  unsupportedTopic,
} from '../mapping.js'
import { checkoutMessages } from './checkouts.js'
import { customerMessages } from './customers.js'
import { fulfillmentMessages } from './fulfillments.js'
import { orderMessages } from './orders.js'
import { PRIVACY_TOPICS, type PrivacyTopic, privacyRequestOf } from './privacy.js'
import { refundMessages } from './refunds.js'
import { checkoutSchema, customerSchema, orderSchema, refundSchema } from './schemas.js'

/** The Shopify webhook topics Reel maps (the compliance topics included). */
export const SHOPIFY_TOPICS = [
  'orders/create',
  'orders/paid',
  'orders/updated',
  'orders/cancelled',
  'refunds/create',
  'checkouts/create',
  'checkouts/update',
  'fulfillments/create',
  'fulfillments/update',
  'fulfillment_events/create',
  'customers/create',
  'customers/update',
  ...PRIVACY_TOPICS,
] as const

const isPrivacyTopic = (topic: string): topic is PrivacyTopic =>
  (PRIVACY_TOPICS as readonly string[]).includes(topic)

/** A Shopify order (a webhook body, or the REST Admin API's order for a back-fill) as Reel's messages. */
export function shopifyOrderMessages(order: unknown, ctx: ConnectorContext): MapOutcome {
  return mapped(() => ({ messages: orderMessages(readBody(orderSchema, order), ctx) }))
}

/** A Shopify customer (a webhook body, or the REST Admin API's customer) as Reel's identify. */
export function shopifyCustomerMessages(customer: unknown, ctx: ConnectorContext): MapOutcome {
  return mapped(() => ({ messages: customerMessages(readBody(customerSchema, customer), ctx) }))
}

function messagesOf(topic: string, body: unknown, ctx: ConnectorContext): RawMessage[] | undefined {
  switch (topic) {
    case 'orders/create':
    case 'orders/updated':
    case 'orders/cancelled':
      return orderMessages(readBody(orderSchema, body), ctx)
    case 'orders/paid':
      return orderMessages(readBody(orderSchema, body), ctx, true)
    case 'refunds/create': {
      const refund = readBody(refundSchema, body)
      return refundMessages(refund, orderPerson(refund.order_id, ctx), ctx)
    }
    case 'checkouts/create':
    case 'checkouts/update':
      return checkoutMessages(readBody(checkoutSchema, body), ctx)
    case 'fulfillments/create':
    case 'fulfillments/update':
      return fulfillmentMessages('fulfillment', body, ctx)
    case 'fulfillment_events/create':
      return fulfillmentMessages('fulfillment_event', body, ctx)
    case 'customers/create':
    case 'customers/update':
      return customerMessages(readBody(customerSchema, body), ctx)
    default:
      return undefined
  }
}

/** Shopify's webhooks (header `X-Shopify-Topic`) as Reel's messages or privacy requests. */
export const shopifyConnector: Connector = {
  name: 'shopify',
  topics: SHOPIFY_TOPICS,
  map(topic, body, ctx) {
    if (isPrivacyTopic(topic)) return mapped(() => ({ privacy: privacyRequestOf(topic, body) }))
    if (!(SHOPIFY_TOPICS as readonly string[]).includes(topic)) return unsupportedTopic(topic)
    return mapped(() => ({ messages: messagesOf(topic, body, ctx) ?? [] }))
  },
}
