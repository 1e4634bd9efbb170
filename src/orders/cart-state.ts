import type { StoredEvent } from '../events/index.js'

export interface CartItem {
  product_id: string
  quantity: number
  price: number | null
  name: string | null
  category: string | null
}

/** A cart as Reel keeps it: its items now, and when it was last touched or turned into an order. */
export interface CartState {
  cart_id: string
  customer_id: string
  items: Record<string, CartItem>
  value: number
  item_count: number
  created_at: string
  last_activity_at: string
  ordered_at: string | null
  order_id: string | null
  /** Where the customer finishes this checkout on the shop's platform, when it gave one. */
  checkout_url: string | null
}

/** Cart of an add/remove event; a shop that sends no cart_id has one running cart per customer. */
export function cartIdOf(e: StoredEvent): string {
  const id = e.properties.cart_id
  return typeof id === 'string' || typeof id === 'number' ? String(id) : `default:${e.customerId}`
}

export function newCart(cartId: string, customerId: string, at: string): CartState {
  return {
    cart_id: cartId,
    customer_id: customerId,
    items: {},
    value: 0,
    item_count: 0,
    created_at: at,
    last_activity_at: at,
    ordered_at: null,
    order_id: null,
    checkout_url: null,
  }
}

function totals(items: Record<string, CartItem>): { value: number; item_count: number } {
  let value = 0
  let count = 0
  for (const item of Object.values(items)) {
    value += (item.price ?? 0) * item.quantity
    count += item.quantity
  }
  return { value, item_count: count }
}

/** Cart lines from a product list: one per product, quantities of a product listed twice added up. */
function itemsOf(products: unknown): Record<string, CartItem> {
  const items: Record<string, CartItem> = {}
  if (!Array.isArray(products)) return items
  for (const p of products as Record<string, unknown>[]) {
    const productId = String(p.product_id ?? p.sku ?? '')
    if (!productId) continue
    const quantity = typeof p.quantity === 'number' ? p.quantity : 1
    items[productId] = {
      product_id: productId,
      quantity: (items[productId]?.quantity ?? 0) + quantity,
      price: typeof p.price === 'number' ? p.price : null,
      name: typeof p.name === 'string' ? p.name : null,
      category: typeof p.category === 'string' ? p.category : null,
    }
  }
  return items
}

/** Applies a Checkout Updated event: the cart becomes what the platform's checkout holds now. */
function applyCheckout(cart: CartState, e: StoredEvent): CartState {
  const at = e.occurredAt.toISOString()
  // A snapshot older than the cart's latest change says nothing new (they are applied in time order,
  // but a cart rebuilt from a batch may already hold a later one).
  if (at < cart.last_activity_at && cart.item_count > 0) return cart
  const fresh = cart.ordered_at !== null && at >= cart.ordered_at
  const base = fresh ? newCart(cart.cart_id, cart.customer_id, at) : cart
  const items = itemsOf(e.properties.products)
  const url = e.properties.checkout_url
  return {
    ...base,
    items,
    ...totals(items),
    // biome-ignore lint/complexity/useMathMinMax: ISO times compare as text; Math.max would make them NaN
    last_activity_at: at > base.last_activity_at ? at : base.last_activity_at,
    checkout_url: typeof url === 'string' ? url : base.checkout_url,
  }
}

/**
 * Applies a Product Added / Product Removed / Checkout Updated event. Adding to an ordered cart starts a
 * new one.
 */
export function applyCartEvent(cart: CartState, e: StoredEvent): CartState {
  if (e.event === 'Checkout Updated') return applyCheckout(cart, e)
  const p = e.properties
  const at = e.occurredAt.toISOString()
  const productId = String(p.product_id ?? p.sku ?? '')
  if (!productId) return cart
  const quantity = typeof p.quantity === 'number' ? p.quantity : 1
  const fresh = cart.ordered_at !== null && e.event === 'Product Added' && at >= cart.ordered_at
  const base = fresh ? newCart(cart.cart_id, cart.customer_id, at) : cart
  const items = { ...base.items }
  const current = items[productId]
  if (e.event === 'Product Added') {
    items[productId] = {
      product_id: productId,
      quantity: (current?.quantity ?? 0) + quantity,
      price: typeof p.price === 'number' ? p.price : (current?.price ?? null),
      name: typeof p.name === 'string' ? p.name : (current?.name ?? null),
      category: typeof p.category === 'string' ? p.category : (current?.category ?? null),
    }
  } else if (current) {
    const left = current.quantity - quantity
    if (left > 0) items[productId] = { ...current, quantity: left }
    else delete items[productId]
  }
  return {
    ...base,
    items,
    ...totals(items),
    // biome-ignore lint/complexity/useMathMinMax: ISO times compare as text; Math.max would make them NaN
    last_activity_at: at > base.last_activity_at ? at : base.last_activity_at,
  }
}
