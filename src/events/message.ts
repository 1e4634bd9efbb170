import { z } from 'zod'
import { repairUnstorable } from '../safe-json/index.js'

/**
 * The Segment message format Reel accepts, validated only where Reel relies on a field
 * (DESIGN section 3). Everything else is kept as sent.
 */

export const MESSAGE_TYPES = ['track', 'identify', 'page', 'screen', 'alias', 'group'] as const
export type MessageType = (typeof MESSAGE_TYPES)[number]

export const CANCEL_REASONS = [
  'customer_request',
  'out_of_stock',
  'payment_failed',
  'fraud',
  'other',
] as const
export type CancelReason = (typeof CANCEL_REASONS)[number]

/** The context key of a stored event that lists the fields Reel repaired (see IngestResult.repaired). */
export const REPAIRED_MARKER = 'reelRepaired'

/** Largest accepted event, serialised, in bytes. */
export const MAX_EVENT_BYTES = 32 * 1024

const id = z
  .union([z.string().min(1).max(256), z.number().finite()], {
    error: 'expected an id (a string or a number)',
  })
  .transform(String)
const money = z.union(
  [
    z.number().finite(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ],
  {
    error: 'expected a number',
  },
)
const quantity = z.union([z.number().int().min(0), z.string().regex(/^\d+$/).transform(Number)], {
  error: 'expected a whole number of items',
})
// Shop events happen between 1900 and 2200. Outside, the database refuses some (the year 0), and the
// radar's timers, set days or years after an event, would run past the last year it can store (9999).
const EARLIEST = Date.UTC(1900, 0, 1)
const LATEST = Date.UTC(2200, 0, 1)
const isoTime = z
  .union([z.iso.datetime({ offset: true, local: true }), z.iso.date()], {
    error: 'expected an ISO 8601 time such as 2026-11-23T10:00:00Z',
  })
  .refine((t) => {
    const at = new Date(t).getTime()
    return at >= EARLIEST && at < LATEST
  }, 'expected a time between 1900 and 2199')

export const productSchema = z.looseObject({
  product_id: id.optional(),
  sku: id.optional(),
  category: z.string().optional(),
  name: z.string().optional(),
  brand: z.string().optional(),
  variant: z.string().optional(),
  price: money.optional(),
  quantity: quantity.optional(),
  url: z.string().optional(),
  image_url: z.string().optional(),
})
export type Product = z.infer<typeof productSchema>

const products = z.array(productSchema)

const orderProps = z.looseObject({
  order_id: id,
  total: money.optional(),
  revenue: money.optional(),
  value: money.optional(),
  discount: money.optional(),
  shipping: money.optional(),
  tax: money.optional(),
  coupon: z.string().optional(),
  currency: z.string().length(3, 'expected an ISO 4217 code such as "USD"').optional(),
  products: products.optional(),
})

/** Properties Reel relies on, per E-commerce V2 event name. Unknown event names pass unchecked. */
export const trackedEventProperties: Record<string, z.ZodType> = {
  'Product Viewed': productSchema,
  'Product Added': productSchema.extend({ cart_id: id.optional() }),
  'Product Removed': productSchema.extend({ cart_id: id.optional() }),
  'Checkout Started': orderProps.extend({ cart_id: id.optional() }),
  'Order Completed': orderProps.extend({ cart_id: id.optional() }),
  'Order Cancelled': orderProps.extend({ reason: z.enum(CANCEL_REASONS).optional() }),
  'Order Refunded': orderProps.extend({ reason: z.string().optional() }),
  'Product Reviewed': z.looseObject({
    product_id: id.optional(),
    order_id: id.optional(),
    review_id: id.optional(),
    rating: z.union(
      [
        z.number().min(1, 'expected a rating from 1 to 5').max(5, 'expected a rating from 1 to 5'),
        z
          .string()
          .regex(/^[1-5](\.\d+)?$/)
          .transform(Number),
      ],
      { error: 'expected a rating from 1 to 5' },
    ),
    review_body: z.string().optional(),
  }),
  'Coupon Applied': z.looseObject({ order_id: id.optional(), coupon_id: id, discount: money.optional() }),
  'Coupon Denied': z.looseObject({ order_id: id.optional(), coupon_id: id, reason: z.string().optional() }),
  'Shipment Updated': z.looseObject({
    order_id: id,
    shipment_id: id.optional(),
    return_id: id.optional(),
    carrier: z.string().max(200).nullish(),
    tracking_number: id.nullish(),
    status: z.string().min(1, 'expected a shipment status such as "in_transit"').max(100),
    raw_status: z.string().max(200).nullish(),
    sub_status: z.string().max(500).nullish(),
    estimated_delivery: isoTime.nullish(),
    location: z.string().max(500).nullish(),
    origin_region: z.string().max(200).nullish(),
    destination_region: z.string().max(200).nullish(),
    products: products.optional(),
  }),
  // A platform's checkout as it stands (Shopify's checkouts/update): the whole cart, replacing what it held.
  'Checkout Updated': z.looseObject({
    cart_id: id,
    products: products.optional(),
    value: money.optional(),
    currency: z.string().length(3, 'expected an ISO 4217 code such as "USD"').optional(),
    checkout_url: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) address' })
      .max(2048)
      .nullish(),
  }),
  'Support Contacted': z.looseObject({ topic: z.string().min(1).max(100), order_id: id.optional() }),
  'Return Requested': orderProps.extend({ return_id: id.optional(), reason: z.string().optional() }),
  'Return Received': orderProps.extend({ return_id: id.optional(), reason: z.string().optional() }),
}

const traitsSchema = z.looseObject({
  email: z.string().optional(),
  phone: z.string().optional(),
  name: z.string().optional(),
  birthday: z.string().optional(),
  timezone: z.string().optional(),
  locale: z.string().optional(),
})

const baseMessage = z.looseObject({
  type: z.enum(MESSAGE_TYPES),
  messageId: z.string().min(1).max(256).optional(),
  userId: id.nullish(),
  anonymousId: id.nullish(),
  timestamp: isoTime.optional(),
  sentAt: isoTime.optional(),
  originalTimestamp: isoTime.optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  traits: z.record(z.string(), z.unknown()).optional(),
  event: z.string().min(1).max(200).optional(),
  name: z.string().max(500).nullish(),
  previousId: id.optional(),
  groupId: id.optional(),
})

/** A message as a client may send it (before validation). */
export type RawMessage = Record<string, unknown>

/** A message Reel has validated: ids are strings, the time is known. */
export interface ValidMessage {
  type: MessageType
  messageId: string | undefined
  userId: string | null
  anonymousId: string | null
  /** ISO time the event happened (client `timestamp`, else the time it was received). */
  timestamp: string
  event: string | null
  name: string | null
  previousId: string | null
  properties: Record<string, unknown>
  traits: Record<string, unknown>
  context: Record<string, unknown>
  /** The message as sent, for the log. */
  raw: RawMessage
}

/** Why one message of a batch was set aside. `field` is a dotted path inside the message. */
export interface MessageProblem {
  index: number
  field: string
  problem: string
}

export type ValidationOutcome = { ok: true; message: ValidMessage } | { ok: false; problem: MessageProblem }

function firstIssue(error: z.ZodError, prefix: string): { field: string; problem: string } {
  const issue = error.issues[0]
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.')
  return { field: path || '(message)', problem: issue?.message ?? 'invalid' }
}

/**
 * Checks one message of a batch. `receivedAt` stands in for a missing timestamp.
 * Pure: the same input always gives the same outcome.
 */
export function validateMessage(raw: unknown, index: number, receivedAt: string): ValidationOutcome {
  const fail = (field: string, problem: string): ValidationOutcome => ({
    ok: false,
    problem: { index, field, problem },
  })
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fail('(message)', 'expected an object')
  const size = Buffer.byteLength(JSON.stringify(raw))
  if (size > MAX_EVENT_BYTES)
    return fail('(message)', `event is ${size} bytes, over the ${MAX_EVENT_BYTES} byte limit`)

  const parsed = baseMessage.safeParse(raw)
  if (!parsed.success) {
    const { field, problem } = firstIssue(parsed.error, '')
    return fail(field, problem)
  }
  const m = parsed.data
  if (m.userId == null && m.anonymousId == null)
    return fail('userId', 'a userId or an anonymousId is required')
  if (m.type === 'track' && !m.event) return fail('event', 'a track call needs an event name')
  if (m.type === 'alias' && m.previousId == null)
    return fail('previousId', 'an alias call needs a previousId')
  if (m.type === 'alias' && m.userId == null) return fail('userId', 'an alias call needs a userId')

  let properties: Record<string, unknown> = m.properties ?? {}
  const schema = m.type === 'track' && m.event ? trackedEventProperties[m.event] : undefined
  if (schema) {
    const props = schema.safeParse(properties)
    if (!props.success) {
      const { field, problem } = firstIssue(props.error, 'properties')
      return fail(field, problem)
    }
    properties = props.data as Record<string, unknown>
  }
  let traits: Record<string, unknown> = {}
  if (m.type === 'identify' || m.type === 'group') {
    const t = traitsSchema.safeParse(m.traits ?? {})
    if (!t.success) {
      const { field, problem } = firstIssue(t.error, 'traits')
      return fail(field, problem)
    }
    traits = t.data
  }

  return {
    ok: true,
    message: {
      type: m.type,
      messageId: m.messageId,
      userId: m.userId ?? null,
      anonymousId: m.anonymousId ?? null,
      timestamp: new Date(m.timestamp ?? m.originalTimestamp ?? receivedAt).toISOString(),
      event: m.type === 'track' ? (m.event ?? null) : null,
      name: m.name ?? null,
      previousId: m.previousId ?? null,
      properties,
      traits,
      context: m.context ?? {},
      raw: raw as RawMessage,
    },
  }
}

/** One message as ingestion reads it: made storable, then validated. */
export interface ReadMessage {
  outcome: ValidationOutcome
  /** The message as it will be kept (in the log, or in the quarantine if refused). */
  stored: unknown
  /** What was replaced to make it storable. */
  repairs: MessageProblem[]
}

/**
 * Reads one message of a batch: every NUL and lone UTF-16 surrogate (which the database cannot store) is
 * replaced by U+FFFD and listed, a valid message records the list in `context.reelRepaired`, and a
 * message nested too deep to store is refused. Pure, like validateMessage.
 */
export function readMessage(sent: unknown, index: number, receivedAt: string): ReadMessage {
  const { value: stored, repairs: found, tooDeep } = repairUnstorable(sent)
  const repairs = found.map((r) => ({ index, ...r }))
  if (tooDeep) return { outcome: { ok: false, problem: { index, ...tooDeep } }, stored, repairs }
  const outcome = validateMessage(stored, index, receivedAt)
  if (!outcome.ok || found.length === 0) return { outcome, stored, repairs }
  const context = { ...outcome.message.context, [REPAIRED_MARKER]: found }
  return { outcome: { ok: true, message: { ...outcome.message, context } }, stored, repairs }
}
