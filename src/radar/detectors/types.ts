import type { StoredEvent } from '../../events/index.js'

/** The kinds of missed customer these detectors find (DESIGN section 4; coupons come with their module). */
export type DetectorKind =
  | 'cancelled_after_payment'
  | 'returned'
  | 'out_of_stock'
  | 'cart_abandoned'
  | 'negative_review'
  | 'browsing_not_buying'
  | 'dormant_soon'
  | 'dormant'

/** Thresholds of the radar, all configurable; defaults in DEFAULT_RADAR_CONFIG. */
export interface RadarConfig {
  /** A customer's cancel counts when at most this long after payment (inclusive). */
  cancelWindowHours: number
  /** A cart with items is abandoned after this long with no cart activity and no order. */
  cartIdleMinutes: number
  /** Visits needed in the browsing window, with no order, for browsing_not_buying. */
  browsingVisits: number
  browsingWindowDays: number
  /** Views further apart than this start a new visit (exactly this long is the same visit). */
  visitGapMinutes: number
  dormantSoonDays: number
  dormantDays: number
  /** A review with a rating at or below this is negative. */
  negativeRatingAtMost: number
  /** The window of the customer's spend used as the value at stake of kinds not bound to one order. */
  spendWindowDays: number
}

export const DEFAULT_RADAR_CONFIG: RadarConfig = {
  cancelWindowHours: 24,
  cartIdleMinutes: 60,
  browsingVisits: 15,
  browsingWindowDays: 90,
  visitGapMinutes: 30,
  dormantSoonDays: 335,
  dormantDays: 365,
  negativeRatingAtMost: 2,
  spendWindowDays: 365,
}

/** A detected missed customer: one per (kind, customer, key), never repeated for the same key. */
export interface Signal {
  kind: DetectorKind
  customerId: string
  /** order_id, cart_id, review_id (else messageId), or the ISO time an episode became true. */
  key: string
  /** ISO time the signal fired. */
  at: string
  /** Message ids of the events that made it fire (none for a pure silence). */
  evidence: string[]
  valueAtStake: number
  currency: string | null
}

/**
 * A check to run when time has passed. One timer per (kind, customerId, key): a newer one replaces it.
 * A timer is only honoured when its dueAt is still the one the state expects, so a superseded or
 * out-of-date timer that fires anyway does nothing.
 */
export interface Timer {
  kind: DetectorKind
  customerId: string
  key: string
  /** When the timer comes due (epoch ms: timers are set on every visit and activity, so no ISO text). */
  dueAt: number
}

/** What a detector returns on an event or a timer: its new state, signals fired now, timers to set. */
export interface Step<S> {
  state: S
  signals: Signal[]
  timers: Timer[]
}

/** A paid or cancelled order, as the order-bound kinds and the spend read it. Times in epoch ms. */
export interface OrderFacts {
  /** First Order Completed of the order; null while unpaid. */
  paidAt: number | null
  total: number
  currency: string | null
  /** First Order Cancelled of the order, paid or not. */
  cancelledAt: number | null
  /** Cancelled as a whole (no products list on the cancel). */
  cancelledWhole: boolean
  refunded: number
  /** Message id of the Order Completed, for evidence. */
  paidBy: string | null
}

/** Facts about one customer shared by every detector, updated before they see an event. */
export interface CustomerFacts {
  customerId: string
  orders: Record<string, OrderFacts>
  /** Order Completed events seen (with or without an order id). */
  orderCount: number
  /** Time of the latest Order Completed; null before the first. */
  lastOrderAt: number | null
}

/** What a detector reads besides its own state. */
export interface DetectorContext {
  config: RadarConfig
  /** The customer's facts, already updated with the event being stepped. */
  customer: CustomerFacts
}

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** The event's name as rules read it: the track event name, else the message type ('page', 'identify'). */
export function eventName(e: StoredEvent): string {
  return e.type === 'track' ? (e.event ?? '') : e.type
}

/** An id-like property as text, or null. */
export function idOf(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null
}

/** A finite number, or null. */
export function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}

/** An empty step: nothing fired, nothing to schedule. */
export function unchanged<S>(state: S): Step<S> {
  return { state, signals: NOTHING, timers: NOTHING }
}

// Most events change nothing for most detectors: one shared empty list spares an allocation each time.
const NOTHING: never[] = Object.freeze([]) as unknown as never[]
