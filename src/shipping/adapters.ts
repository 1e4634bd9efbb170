import { z } from 'zod'
import { isShipmentStatus, type ShipmentStatus } from './taxonomy.js'

/** A carrier's update in Reel's words, whatever carrier or tool sent it. */
export interface ShipmentUpdate {
  orderId: string
  /** The shipment within the order; a carrier that names none gets its tracking number, else the order's. */
  shipmentId: string
  carrier: string | null
  trackingNumber: string | null
  status: ShipmentStatus
  /** The carrier's own word for it, kept when it differs (an unknown one maps to `exception`). */
  rawStatus: string | null
  subStatus: string | null
  occurredAt: string
  location: string | null
  estimatedDelivery: string | null
  originRegion: string | null
  destinationRegion: string | null
  /** The order's products this parcel holds (a partial shipment); absent: all of them. */
  products: unknown[] | undefined
}

export const CARRIER_FORMATS = ['generic', 'aftership', 'shopify'] as const
export type CarrierFormat = (typeof CARRIER_FORMATS)[number]

/** A body that is no update of its format: the field and what is wrong, for a 400. */
export class UpdateFormatError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`)
  }
}

const id = z.union([z.string().min(1).max(256), z.number().int().nonnegative()]).transform(String)
const text = z.string().max(500)
const time = z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()], {
  error: 'expected an ISO 8601 time such as 2026-11-23T10:00:00Z',
})

/** Words carriers and shops use for a status, beyond the taxonomy's own. */
const STATUS_ALIASES: Record<string, ShipmentStatus> = {
  created: 'pending',
  label_created: 'info_received',
  label_printed: 'info_received',
  label_purchased: 'info_received',
  confirmed: 'info_received',
  shipped: 'in_transit',
  picked_up_by_carrier: 'in_transit',
  carrier_picked_up: 'in_transit',
  delayed: 'exception',
  failure: 'exception',
  failed_attempt: 'attempt_fail',
  attempted_delivery: 'attempt_fail',
  ready_for_pickup: 'available_for_pickup',
  picked_up: 'delivered',
  returned: 'return_received',
}

/** Any carrier's status word in the taxonomy: known words map, an unknown one is an `exception`. */
export function normaliseStatus(raw: string): { status: ShipmentStatus; rawStatus: string | null } {
  const key = raw
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
  if (isShipmentStatus(key)) return { status: key, rawStatus: key === raw ? null : raw }
  const alias = STATUS_ALIASES[key]
  return alias ? { status: alias, rawStatus: raw } : { status: 'exception', rawStatus: raw }
}

const genericUpdate = z.looseObject({
  order_id: id,
  shipment_id: id.optional(),
  carrier: text.optional(),
  tracking_number: id.optional(),
  status: z.string().min(1).max(100),
  sub_status: text.optional(),
  occurred_at: time,
  location: text.optional(),
  estimated_delivery: time.optional(),
  origin_region: text.optional(),
  destination_region: text.optional(),
  products: z.array(z.looseObject({})).max(500).optional(),
})
const genericBatch = z.looseObject({ updates: z.array(genericUpdate).min(1).max(500) })

/** AfterShip's tags (its `tag` field) are the taxonomy in CamelCase; its webhook wraps the tracking in `msg`. */
const aftershipBody = z.looseObject({
  msg: z.looseObject({
    id: id.optional(),
    tracking_number: id,
    slug: text.optional(),
    tag: z.string().min(1).max(100),
    subtag: text.optional(),
    order_id: id,
    updated_at: time.optional(),
    expected_delivery: time.nullish(),
    origin_country_iso3: text.nullish(),
    destination_country_iso3: text.nullish(),
    destination_state: text.nullish(),
    checkpoints: z
      .array(
        z.looseObject({
          checkpoint_time: time.optional(),
          location: text.nullish(),
          city: text.nullish(),
          tag: z.string().max(100).optional(),
        }),
      )
      .max(1000)
      .optional(),
  }),
  ts: z.number().optional(),
})

/** A Shopify fulfilment event (`fulfillment_events/create`), or a fulfilment with its `shipment_status`. */
const shopifyBody = z.looseObject({
  order_id: id,
  fulfillment_id: id.optional(),
  id: id.optional(),
  status: z.string().min(1).max(100).optional(),
  shipment_status: z.string().min(1).max(100).nullish(),
  happened_at: time.optional(),
  updated_at: time.optional(),
  created_at: time.optional(),
  city: text.nullish(),
  province: text.nullish(),
  country: text.nullish(),
  estimated_delivery_at: time.nullish(),
  tracking_company: text.nullish(),
  tracking_number: id.nullish(),
  destination: z.looseObject({ province_code: text.nullish(), country_code: text.nullish() }).nullish(),
  line_items: z.array(z.looseObject({})).max(500).optional(),
})

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new UpdateFormatError(
    ['body', ...(issue?.path ?? []).map(String)].join('.'),
    issue?.message ?? 'invalid',
  )
}

const orNull = <T>(v: T | null | undefined): T | null => v ?? null

/** A carrier webhook's body as updates, by its format; a malformed body throws UpdateFormatError. */
export function updatesFrom(format: CarrierFormat, body: unknown, receivedAt: string): ShipmentUpdate[] {
  if (format === 'aftership') return [fromAftership(parse(aftershipBody, body), receivedAt)]
  if (format === 'shopify') return [fromShopify(parse(shopifyBody, body), receivedAt)]
  const batch = typeof body === 'object' && body !== null && 'updates' in body
  const updates = batch ? parse(genericBatch, body).updates : [parse(genericUpdate, body)]
  return updates.map((u: z.infer<typeof genericUpdate>) => ({
    orderId: u.order_id,
    shipmentId: u.shipment_id ?? u.tracking_number ?? u.order_id,
    carrier: orNull(u.carrier),
    trackingNumber: orNull(u.tracking_number),
    ...normaliseStatus(u.status),
    subStatus: orNull(u.sub_status),
    occurredAt: u.occurred_at,
    location: orNull(u.location),
    estimatedDelivery: orNull(u.estimated_delivery),
    originRegion: orNull(u.origin_region),
    destinationRegion: orNull(u.destination_region),
    products: u.products,
  }))
}

function fromAftership(body: z.infer<typeof aftershipBody>, receivedAt: string): ShipmentUpdate {
  const m = body.msg
  const last = m.checkpoints?.at(-1)
  return {
    orderId: m.order_id,
    shipmentId: m.tracking_number,
    carrier: orNull(m.slug),
    trackingNumber: m.tracking_number,
    ...normaliseStatus(m.tag),
    subStatus: orNull(m.subtag),
    occurredAt: last?.checkpoint_time ?? m.updated_at ?? receivedAt,
    location: orNull(last?.location ?? last?.city),
    estimatedDelivery: orNull(m.expected_delivery),
    originRegion: orNull(m.origin_country_iso3),
    destinationRegion: orNull(m.destination_state ?? m.destination_country_iso3),
    products: undefined,
  }
}

function fromShopify(body: z.infer<typeof shopifyBody>, receivedAt: string): ShipmentUpdate {
  const word = body.status && body.fulfillment_id ? body.status : body.shipment_status
  if (!word)
    throw new UpdateFormatError('body.status', 'expected a fulfilment event status or a shipment_status')
  const fulfilment = body.fulfillment_id ?? body.id
  const place = [body.city, body.province, body.country].filter(Boolean).join(', ')
  return {
    orderId: body.order_id,
    shipmentId: fulfilment ? `shopify:${fulfilment}` : body.order_id,
    carrier: orNull(body.tracking_company),
    trackingNumber: orNull(body.tracking_number),
    ...normaliseStatus(word),
    subStatus: word === 'delayed' ? 'delayed' : null,
    occurredAt: body.happened_at ?? body.updated_at ?? body.created_at ?? receivedAt,
    location: place || null,
    estimatedDelivery: orNull(body.estimated_delivery_at),
    originRegion: null,
    destinationRegion: orNull(body.destination?.province_code ?? body.province),
    products: body.line_items,
  }
}

/** The `Shipment Updated` event's properties for an update (DESIGN section 3). */
export function shipmentEventProperties(u: ShipmentUpdate): Record<string, unknown> {
  return {
    order_id: u.orderId,
    shipment_id: u.shipmentId,
    carrier: u.carrier,
    tracking_number: u.trackingNumber,
    status: u.status,
    ...(u.rawStatus ? { raw_status: u.rawStatus } : {}),
    sub_status: u.subStatus,
    estimated_delivery: u.estimatedDelivery,
    location: u.location,
    origin_region: u.originRegion,
    destination_region: u.destinationRegion,
    ...(u.products ? { products: u.products } : {}),
  }
}
