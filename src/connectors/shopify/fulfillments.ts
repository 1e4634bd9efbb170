import type { RawMessage } from '../../events/index.js'
import { shipmentEventProperties, UpdateFormatError, updatesFrom } from '../../shipping/index.js'
import { type ConnectorContext, MalformedBody, orderPerson, readBody, trackFact } from '../mapping.js'
import { factId, shopifyContext } from './identity.js'
import { productOf } from './products.js'
import { fulfillmentEventSchema, fulfillmentSchema } from './schemas.js'

/** Fulfilment states that ship nothing: a cancelled or failed fulfilment is no parcel on its way. */
const NOT_SHIPPED = new Set(['cancelled', 'error', 'failure'])

/**
 * A fulfilment (fulfillments/create, fulfillments/update) or a fulfilment event (fulfillment_events/create)
 * as `Shipment Updated`, read by Reel's own Shopify shipping adapter (its status words, its shipment id
 * `shopify:<fulfilment id>`). A fulfilment the carrier has not scanned yet (no `shipment_status`) is
 * `confirmed`: the shop handed it over. One fact per fulfilment, status and time.
 */
export function fulfillmentMessages(
  topic: 'fulfillment' | 'fulfillment_event',
  body: unknown,
  ctx: ConnectorContext,
): RawMessage[] {
  let adapterBody: Record<string, unknown>
  let shipmentId: string
  if (topic === 'fulfillment_event') {
    const event = readBody(fulfillmentEventSchema, body)
    adapterBody = body as Record<string, unknown>
    shipmentId = event.fulfillment_id
  } else {
    const fulfillment = readBody(fulfillmentSchema, body)
    if (NOT_SHIPPED.has(fulfillment.status ?? '')) return []
    const pending = fulfillment.status === 'pending' || fulfillment.status === 'open'
    adapterBody = {
      ...(body as Record<string, unknown>),
      shipment_status: fulfillment.shipment_status ?? (pending ? 'pending' : 'confirmed'),
      tracking_number: fulfillment.tracking_number || fulfillment.tracking_numbers?.[0] || null,
      // Reel's product objects, not Shopify's lines (whose null sku Reel's schema refuses).
      line_items: fulfillment.line_items?.map((item) => productOf(item)),
    }
    shipmentId = fulfillment.id
  }
  const updates = shippingUpdates(adapterBody, ctx.receivedAt)
  return updates.map((update) => {
    const at = new Date(update.occurredAt).toISOString()
    return trackFact({
      messageId: factId(ctx, 'fulfillment', shipmentId, update.status, at),
      event: 'Shipment Updated',
      person: orderPerson(update.orderId, ctx),
      timestamp: at,
      properties: shipmentEventProperties(update),
      context: shopifyContext(ctx),
    })
  })
}

function shippingUpdates(body: Record<string, unknown>, receivedAt: string) {
  try {
    return updatesFrom('shopify', body, receivedAt)
  } catch (error) {
    if (error instanceof UpdateFormatError) throw new MalformedBody(error.field, error.problem)
    throw error
  }
}
