import type { StoredEvent } from '../events/index.js'

/** What Reel knows of a product from one event. */
export interface ProductFacts {
  product_id: string
  sku: string | null
  name: string | null
  category: string | null
  brand: string | null
  variant: string | null
  price: number | null
  url: string | null
  image_url: string | null
  /** False when out of stock; null when no event said. */
  in_stock: boolean | null
  /** True when archived or a draft; null when no event said. */
  archived: boolean | null
  updated_at: string
}

/** `Product Updated` (Reel's) carries a product object from a shop's catalogue feed: stock, archiving. */
const PRODUCT_EVENTS = new Set(['Product Viewed', 'Product Added', 'Product Removed', 'Product Updated'])

const text = (v: unknown): string | null =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : null
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null)

/** Stock from `in_stock`, else from a count (`inventory_quantity`, `stock`: none left is out of stock). */
function inStockOf(p: Record<string, unknown>): boolean | null {
  const flag = bool(p.in_stock)
  if (flag !== null) return flag
  const count = num(p.inventory_quantity) ?? num(p.stock)
  return count === null ? null : count > 0
}

/** Archived from `archived`, else from a platform's `status` (Shopify's active, archived, draft). */
function archivedOf(p: Record<string, unknown>): boolean | null {
  const flag = bool(p.archived)
  if (flag !== null) return flag
  if (p.status === 'archived' || p.status === 'draft') return true
  return p.status === 'active' ? false : null
}

function fromObject(p: Record<string, unknown>, at: Date): ProductFacts | undefined {
  const id = text(p.product_id) ?? text(p.sku)
  if (!id) return undefined
  return {
    product_id: id,
    sku: text(p.sku),
    name: text(p.name),
    category: text(p.category),
    brand: text(p.brand),
    variant: text(p.variant),
    price: num(p.price),
    url: text(p.url),
    image_url: text(p.image_url),
    in_stock: inStockOf(p),
    archived: archivedOf(p),
    updated_at: at.toISOString(),
  }
}

/** Product objects an event carries: the properties of product events, the products[] of order events. */
export function productFactsOf(event: StoredEvent): ProductFacts[] {
  if (event.event && PRODUCT_EVENTS.has(event.event)) {
    const facts = fromObject(event.properties, event.occurredAt)
    return facts ? [facts] : []
  }
  const products = event.properties.products
  if (!Array.isArray(products)) return []
  return products.flatMap((p) =>
    typeof p === 'object' && p !== null
      ? (fromObject(p as Record<string, unknown>, event.occurredAt) ?? [])
      : [],
  )
}

/** The newest facts per product in a batch; fields a newer event leaves out keep the older value. */
export function latestProductFacts(events: StoredEvent[]): ProductFacts[] {
  const latest = new Map<string, ProductFacts>()
  for (const e of events) {
    for (const facts of productFactsOf(e)) {
      const prev = latest.get(facts.product_id)
      if (!prev) latest.set(facts.product_id, facts)
      else if (facts.updated_at >= prev.updated_at) latest.set(facts.product_id, mergeFacts(prev, facts))
      else latest.set(facts.product_id, mergeFacts(facts, prev))
    }
  }
  return [...latest.values()].sort((a, b) => a.product_id.localeCompare(b.product_id))
}

/** The facts an event can tell of a product (all but its id and when it changed). */
export const FACT_FIELDS = [
  'sku',
  'name',
  'category',
  'brand',
  'variant',
  'price',
  'url',
  'image_url',
  'in_stock',
  'archived',
] as const

/** Whether `newer` tells anything `known` does not (a field it sets to another value). */
export function changesFacts(known: Omit<ProductFacts, 'updated_at'>, newer: ProductFacts): boolean {
  return FACT_FIELDS.some((field) => newer[field] !== null && newer[field] !== known[field])
}

/** `updated_at` is when a fact last changed, so an unchanged product needs no write. */
function mergeFacts(older: ProductFacts, newer: ProductFacts): ProductFacts {
  if (!changesFacts(older, newer)) return older
  const merged = { ...older, updated_at: newer.updated_at }
  for (const field of FACT_FIELDS)
    if (newer[field] !== null) (merged as Record<string, unknown>)[field] = newer[field]
  return merged
}
