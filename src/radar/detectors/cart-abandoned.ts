import type { StoredEvent } from '../../events/index.js'
import { trailingSpend } from './customer-facts.js'
import {
  type DetectorContext,
  eventName,
  idOf,
  iso,
  MINUTE,
  numberOf,
  type Step,
  type Timer,
  unchanged,
} from './types.js'

interface CartLine {
  quantity: number
  price: number | null
}

/** One cart as the detector keeps it. Times in epoch ms. */
export interface TrackedCart {
  lines: Record<string, CartLine>
  /** Time of the latest cart event (add, remove, checkout started). */
  lastChangeAt: number
  currency: string | null
  /** Message ids of the cart's events, the evidence. */
  evidence: string[]
  /** Already signalled: a cart is abandoned at most once, however often it is resumed. */
  abandoned: boolean
}

export interface CartAbandonedState {
  carts: Record<string, TrackedCart>
}

export function newCartAbandonedState(): CartAbandonedState {
  return { carts: {} }
}

const CART_EVENTS = new Set(['Product Added', 'Product Removed', 'Checkout Started', 'Checkout Updated'])

/** A platform's checkout snapshot (Checkout Updated): the lines it lists, and nothing else. */
function linesOf(products: unknown): Record<string, CartLine> {
  const lines: Record<string, CartLine> = {}
  if (!Array.isArray(products)) return lines
  for (const p of products as Record<string, unknown>[]) {
    const product = idOf(p.product_id) ?? idOf(p.sku)
    if (product === null) continue
    lines[product] = {
      quantity: (lines[product]?.quantity ?? 0) + (numberOf(p.quantity) ?? 1),
      price: numberOf(p.price),
    }
  }
  return lines
}

function itemCount(cart: TrackedCart): number {
  let count = 0
  for (const line of Object.values(cart.lines)) count += line.quantity
  return count
}

function cartValue(cart: TrackedCart): number {
  let value = 0
  for (const line of Object.values(cart.lines)) value += (line.price ?? 0) * line.quantity
  return value
}

function applyToCart(cart: TrackedCart, e: StoredEvent): TrackedCart {
  const name = eventName(e)
  const p = e.properties
  const product = idOf(p.product_id) ?? ''
  const quantity = numberOf(p.quantity)
  const lines = name === 'Checkout Updated' ? linesOf(p.products) : { ...cart.lines }
  const current = lines[product]
  if (name === 'Product Added')
    lines[product] = {
      quantity: (current?.quantity ?? 0) + (quantity ?? 1),
      price: numberOf(p.price) ?? current?.price ?? null,
    }
  if (name === 'Product Removed') {
    // No quantity: the whole line goes.
    const left = quantity === null ? 0 : (current?.quantity ?? 0) - quantity
    if (left > 0 && current) lines[product] = { ...current, quantity: left }
    else delete lines[product]
  }
  return {
    ...cart,
    lines,
    lastChangeAt: Math.max(cart.lastChangeAt, e.occurredAt.getTime()),
    currency: idOf(p.currency) ?? cart.currency,
    evidence: [...cart.evidence, e.messageId],
  }
}

/** On a cart event: update the cart and (re)set its idle timer; the previous timer becomes stale. */
export function cartAbandoned(
  state: CartAbandonedState,
  e: StoredEvent,
  ctx: DetectorContext,
): Step<CartAbandonedState> {
  const cartId = idOf(e.properties.cart_id)
  if (cartId === null || !CART_EVENTS.has(eventName(e))) return unchanged(state)
  const existing = state.carts[cartId]
  if (existing?.abandoned) return unchanged(state)
  const fresh: TrackedCart = {
    lines: {},
    lastChangeAt: e.occurredAt.getTime(),
    currency: null,
    evidence: [],
    abandoned: false,
  }
  const cart = applyToCart(existing ?? fresh, e)
  const timer: Timer = {
    kind: 'cart_abandoned',
    customerId: ctx.customer.customerId,
    key: cartId,
    dueAt: cart.lastChangeAt + ctx.config.cartIdleMinutes * MINUTE,
  }
  return { state: { carts: { ...state.carts, [cartId]: cart } }, signals: [], timers: [timer] }
}

/**
 * When a cart's idle timer comes due: abandoned if the timer is still current, the cart holds items and
 * no order was completed since its last change. Timers must fire before any event later than their dueAt.
 */
export function cartAbandonedDue(
  state: CartAbandonedState,
  timer: Timer,
  ctx: DetectorContext,
): Step<CartAbandonedState> {
  const cart = state.carts[timer.key]
  const due = timer.dueAt
  if (!cart || cart.abandoned || cart.lastChangeAt + ctx.config.cartIdleMinutes * MINUTE !== due)
    return unchanged(state)
  const lastOrderAt = ctx.customer.lastOrderAt
  if (itemCount(cart) <= 0 || (lastOrderAt !== null && lastOrderAt >= cart.lastChangeAt))
    return unchanged(state)
  const value = cartValue(cart)
  const spend = trailingSpend(ctx.customer, due, ctx.config)
  return {
    state: { carts: { ...state.carts, [timer.key]: { ...cart, abandoned: true } } },
    signals: [
      {
        kind: 'cart_abandoned',
        customerId: ctx.customer.customerId,
        key: timer.key,
        at: iso(due),
        evidence: cart.evidence,
        // The cart's value is what is at stake; a cart with no prices falls back to the spend.
        valueAtStake: value > 0 ? value : spend.value,
        currency: value > 0 ? (cart.currency ?? spend.currency) : spend.currency,
      },
    ],
    timers: [],
  }
}
