import type { RawMessage } from '../events/message.js'
import { type CustomerEvent, missedCustomer, type Occurrence, SHOP_SIDE_EVENTS } from './ground-truth.js'

/**
 * Reads the demo's message stream as Reel will (identity resolution of DESIGN section 3) and keeps, per
 * customer, the slim history the oracle needs. Nothing here comes from the generator's intentions.
 */
export interface TruthCollector {
  /** Takes one message, in stream order. Messages after `asOf` are ignored. */
  observe(message: RawMessage): void
  /** Customers known so far: people with a userId. */
  customerCount(): number
  /** Every occurrence of every kind, customer by customer, as of `asOf`. */
  occurrences(): Occurrence[]
}

function idOf(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
}

function quantityOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value)
  return undefined
}

/** The slim form of a message, or null when it has no readable time. */
export function toCustomerEvent(message: RawMessage): CustomerEvent | null {
  const time = message.timestamp ?? message.originalTimestamp
  const at = typeof time === 'string' ? Date.parse(time) : Number.NaN
  if (!Number.isFinite(at)) return null
  const type = String(message.type)
  const name = type === 'track' ? String(message.event ?? '') : type
  const event: CustomerEvent = { at, name, identified: message.userId != null }
  if (type !== 'track') return event
  const p = (message.properties ?? {}) as Record<string, unknown>
  // Only the fields a rule reads, and only when present: millions of these are held.
  const set = (
    field: 'cartId' | 'productId' | 'orderId' | 'reviewId' | 'messageId',
    value: unknown,
  ): void => {
    const text = idOf(value)
    if (text !== undefined) event[field] = text
  }
  switch (name) {
    case 'Product Added':
    case 'Product Removed': {
      set('cartId', p.cart_id)
      set('productId', p.product_id)
      const quantity = quantityOf(p.quantity)
      if (quantity !== undefined) event.quantity = quantity
      break
    }
    case 'Checkout Started':
    case 'Order Completed':
      set('cartId', p.cart_id)
      set('orderId', p.order_id)
      break
    case 'Order Cancelled':
    case 'Order Refunded':
    case 'Return Requested':
      set('orderId', p.order_id)
      if (typeof p.reason === 'string') event.reason = p.reason
      break
    case 'Product Reviewed':
      set('orderId', p.order_id)
      set('productId', p.product_id)
      set('reviewId', p.review_id)
      set('messageId', message.messageId)
      if (typeof p.rating === 'number' || typeof p.rating === 'string') event.rating = p.rating
      break
  }
  return event
}

/**
 * One person's history, held compactly. Most messages are read by the rules only for their time and
 * whether they carried a userId (views; sign-ins and other activity): those are kept as bare times.
 * Messages a rule reads more of (carts, orders, cancels, refunds, returns, reviews) are kept as events.
 */
interface StoredHistory {
  events: CustomerEvent[]
  signedInViews: number[]
  anonymousViews: number[]
  /** Other messages sent with a userId that no rule reads beyond being activity. */
  otherActivity: number[]
}

const VIEWS: ReadonlySet<string> = new Set(['page', 'screen', 'Product Viewed'])
const DETAILED: ReadonlySet<string> = new Set([
  'Product Added',
  'Product Removed',
  'Checkout Started',
  'Order Completed',
  'Order Cancelled',
  'Order Refunded',
  'Return Requested',
  'Product Reviewed',
  ...SHOP_SIDE_EVENTS,
])
/**
 * Shop-side events no rule reads beyond their not being activity: not kept at all, so a shop of 100,000
 * customers does not hold every parcel scan in memory.
 */
const UNREAD: ReadonlySet<string> = new Set(['Return Received', 'Shipment Updated'])
/** The name given back to `otherActivity` times: neither a view nor a shop-side event. */
const OTHER_ACTIVITY = 'activity'

function emptyHistory(): StoredHistory {
  return { events: [], signedInViews: [], anonymousViews: [], otherActivity: [] }
}

function store(history: StoredHistory, event: CustomerEvent): void {
  if (UNREAD.has(event.name)) return
  if (VIEWS.has(event.name))
    (event.identified ? history.signedInViews : history.anonymousViews).push(event.at)
  else if (DETAILED.has(event.name)) history.events.push(event)
  else if (event.identified) history.otherActivity.push(event.at)
}

function merge(into: StoredHistory, from: StoredHistory): void {
  into.events.push(...from.events)
  into.signedInViews.push(...from.signedInViews)
  into.anonymousViews.push(...from.anonymousViews)
  into.otherActivity.push(...from.otherActivity)
}

/** The history back as events (views as 'page', other activity as 'activity': all the rules need). */
function expand(history: StoredHistory): CustomerEvent[] {
  const events = [...history.events]
  for (const at of history.signedInViews) events.push({ at, name: 'page', identified: true })
  for (const at of history.anonymousViews) events.push({ at, name: 'page', identified: false })
  for (const at of history.otherActivity) events.push({ at, name: OTHER_ACTIVITY, identified: true })
  return events
}

/**
 * A collector for the truth as of `asOf` (epoch ms). An anonymous id belongs to the first userId an
 * identify (or an alias's previousId) ties it to; its earlier and later anonymous events follow it.
 */
export function createTruthCollector(asOf: number): TruthCollector {
  const customers = new Map<string, StoredHistory>()
  const anonymous = new Map<string, StoredHistory>()
  const ownerOf = new Map<string, string>()

  const historyOf = (map: Map<string, StoredHistory>, id: string): StoredHistory => {
    let history = map.get(id)
    if (!history) {
      history = emptyHistory()
      map.set(id, history)
    }
    return history
  }
  const link = (anonymousId: string, userId: string): void => {
    if (ownerOf.has(anonymousId)) return
    ownerOf.set(anonymousId, userId)
    const earlier = anonymous.get(anonymousId)
    if (earlier) {
      merge(historyOf(customers, userId), earlier)
      anonymous.delete(anonymousId)
    }
  }

  return {
    observe(message) {
      const event = toCustomerEvent(message)
      if (!event || event.at > asOf) return
      const userId = message.userId == null ? undefined : idOf(message.userId)
      const anonymousId = message.anonymousId == null ? undefined : idOf(message.anonymousId)
      if (userId !== undefined && anonymousId !== undefined && message.type === 'identify')
        link(anonymousId, userId)
      const previousId = idOf(message.previousId)
      if (userId !== undefined && previousId !== undefined && message.type === 'alias')
        link(previousId, userId)
      const owner = userId ?? (anonymousId === undefined ? undefined : ownerOf.get(anonymousId))
      if (owner !== undefined) store(historyOf(customers, owner), event)
      else if (anonymousId !== undefined) store(historyOf(anonymous, anonymousId), event)
    },
    customerCount: () => customers.size,
    occurrences() {
      const all: Occurrence[] = []
      for (const [customerId, history] of customers)
        all.push(...missedCustomer(customerId, expand(history), asOf))
      return all
    },
  }
}
