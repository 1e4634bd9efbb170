import { MAX_EVENT_BYTES, type RawMessage } from '../events/message.js'

/** Product fields kept when a huge order must be shrunk: enough for orders, radar and recommendations. */
const ESSENTIAL_PRODUCT_FIELDS = ['product_id', 'price', 'quantity'] as const

function sizeOf(message: RawMessage): number {
  return Buffer.byteLength(JSON.stringify(message))
}

/**
 * Ingestion refuses events over 32 KB; a wholesale invoice with 600 lines is bigger. Such an order keeps its
 * total and is shrunk instead: product objects lose descriptive fields, then products past the limit are
 * dropped and counted in `products_omitted`. Returns whether the message had to be shrunk.
 */
export function fitEventSize(message: RawMessage): { message: RawMessage; shrunk: boolean } {
  if (sizeOf(message) <= MAX_EVENT_BYTES) return { message, shrunk: false }
  const properties = (message.properties ?? {}) as Record<string, unknown>
  const products = Array.isArray(properties.products)
    ? (properties.products as Record<string, unknown>[])
    : []
  const slim = products.map((product) => {
    const kept: Record<string, unknown> = {}
    for (const field of ESSENTIAL_PRODUCT_FIELDS)
      if (product[field] !== undefined) kept[field] = product[field]
    return kept
  })
  const shrunk = { ...message, properties: { ...properties, products: slim } }
  if (sizeOf(shrunk) <= MAX_EVENT_BYTES) return { message: shrunk, shrunk: true }

  // Keep the products that fit, leaving room for the count of those left out.
  const room =
    MAX_EVENT_BYTES -
    sizeOf({ ...shrunk, properties: { ...properties, products: [], products_omitted: products.length } })
  const kept: Record<string, unknown>[] = []
  let used = 0
  for (const product of slim) {
    const size = Buffer.byteLength(JSON.stringify(product)) + 1
    if (used + size > room) break
    kept.push(product)
    used += size
  }
  return {
    message: {
      ...message,
      properties: { ...properties, products: kept, products_omitted: slim.length - kept.length },
    },
    shrunk: true,
  }
}
