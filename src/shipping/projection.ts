import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import {
  type CustomerMerge,
  isAnonymousCustomer,
  type Projection,
  type StoredEvent,
} from '../events/index.js'
import { ordersWithIds } from '../orders/index.js'
import { normaliseStatus } from './adapters.js'
import { type Scan, type ShipmentState, withScan } from './shipment-state.js'
import { isReturnStatus, type ShipmentStatus } from './taxonomy.js'

/** Why a shipment waits: its order is not in Reel yet; it is matched when the order arrives. */
export const UNKNOWN_ORDER = 'unknown order: no order with this order_id yet; matched when it arrives'

const SHIPPING_EVENTS = new Set(['Shipment Updated', 'Return Requested', 'Return Received', 'Order Refunded'])
/** Events that bring an order into Reel: a shipment that waited for it is matched. */
const ORDER_ARRIVALS = new Set(['Order Completed', 'Checkout Started'])
const SUPPORT_CONTACTED = 'Support Contacted'

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null
const time = (v: unknown): number | null => {
  const at = typeof v === 'string' ? Date.parse(v) : Number.NaN
  return Number.isFinite(at) ? at : null
}

/** A return is one per return id (else one per order): its request, parcel, receipt and refund. */
export const returnIdOf = (orderId: string, returnId: string | null) => `return:${returnId ?? orderId}`

/** The scan an event reports, if it is one; an Order Refunded is a scan only of a return already open. */
export function scanOf(e: StoredEvent, openReturns: (orderId: string) => string[]): Scan[] {
  const p = e.properties
  const orderId = str(p.order_id)
  if (!orderId) return []
  const at = e.occurredAt.getTime()
  const products = Array.isArray(p.products) ? p.products : undefined
  if (e.event === 'Return Requested' || e.event === 'Return Received') {
    const status: ShipmentStatus = e.event === 'Return Requested' ? 'return_requested' : 'return_received'
    return [{ shipmentId: returnIdOf(orderId, str(p.return_id)), orderId, status, at, products }]
  }
  if (e.event === 'Order Refunded')
    return openReturns(orderId).map((shipmentId) => ({
      shipmentId,
      orderId,
      status: 'refunded',
      at,
    }))
  const word = str(p.status)
  if (!word) return []
  const { status, rawStatus } = normaliseStatus(word)
  const given = str(p.raw_status) ?? rawStatus
  return [
    {
      shipmentId: isReturnStatus(status)
        ? returnIdOf(orderId, str(p.return_id))
        : (str(p.shipment_id) ?? str(p.tracking_number) ?? orderId),
      orderId,
      status,
      at,
      carrier: str(p.carrier),
      trackingNumber: str(p.tracking_number),
      rawStatus: given,
      subStatus: str(p.sub_status),
      location: str(p.location),
      originRegion: str(p.origin_region),
      destinationRegion: str(p.destination_region),
      products,
      carrierEstimate: time(p.estimated_delivery),
    },
  ]
}

interface ShipmentRow {
  shipment_id: string
  order_id: string
  customer_id: string | null
  kind: 'outbound' | 'return'
  carrier: string | null
  tracking_number: string | null
  status: ShipmentStatus
  stage: number
  raw_status: string | null
  sub_status: string | null
  status_at: Date
  location: string | null
  origin_region: string | null
  destination_region: string | null
  products: unknown[] | null
  carrier_estimate: Date | null
  shipped_at: Date | null
  delivered_at: Date | null
  first_scan_at: Date
  last_scan_at: Date
  unmatched_reason: string | null
}

const ms = (d: Date | null) => (d === null ? null : d.getTime())
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString())

export function stateOf(r: ShipmentRow): ShipmentState {
  return {
    shipmentId: r.shipment_id,
    orderId: r.order_id,
    kind: r.kind,
    carrier: r.carrier,
    trackingNumber: r.tracking_number,
    status: r.status,
    stage: r.stage,
    rawStatus: r.raw_status,
    subStatus: r.sub_status,
    statusAt: r.status_at.getTime(),
    location: r.location,
    originRegion: r.origin_region,
    destinationRegion: r.destination_region,
    products: r.products,
    carrierEstimate: ms(r.carrier_estimate),
    shippedAt: ms(r.shipped_at),
    deliveredAt: ms(r.delivered_at),
    firstScanAt: r.first_scan_at.getTime(),
    lastScanAt: r.last_scan_at.getTime(),
  }
}

/** Advisory lock class of a shipment's update (the second key is a hash of the shipment id). */
const SHIPMENT_LOCK_CLASS = 1_100

/** Shipments by id, locked for this transaction. */
export async function shipmentRows(tx: AnyDb, ids: readonly string[], lock = false): Promise<ShipmentRow[]> {
  if (ids.length === 0) return []
  // A row lock cannot hold a shipment not stored yet: two batches with its first scans would each build it
  // from nothing and the later write would drop the other's. The advisory lock, taken in id order, can.
  if (lock)
    await sql`select pg_advisory_xact_lock(${SHIPMENT_LOCK_CLASS}, hashtext(id))
      from unnest(${[...ids].sort()}::text[]) as id`.execute(tx)
  const { rows } = lock
    ? await sql<ShipmentRow>`
        select * from shipments where shipment_id = any(${ids}::text[]) order by shipment_id for update`.execute(
        tx,
      )
    : await sql<ShipmentRow>`select * from shipments where shipment_id = any(${ids}::text[])`.execute(tx)
  return rows
}

/** The return shipments of these orders, for their refunds. */
async function returnIdsOf(tx: AnyDb, orderIds: string[]): Promise<string[]> {
  if (orderIds.length === 0) return []
  const { rows } = await sql<{ shipment_id: string }>`
    select shipment_id from shipments where kind = 'return' and order_id = any(${orderIds}::text[])`.execute(
    tx,
  )
  return rows.map((r) => r.shipment_id)
}

const orderIdOf = (e: StoredEvent) => str(e.properties.order_id)

async function applyScans(tx: AnyDb, events: StoredEvent[]): Promise<void> {
  const relevant = events.filter(
    (e) => e.type === 'track' && e.event !== null && SHIPPING_EVENTS.has(e.event),
  )
  if (relevant.length === 0) return
  const refunded = relevant.filter((e) => e.event === 'Order Refunded').map(orderIdOf)
  const direct = relevant.filter((e) => e.event !== 'Order Refunded').flatMap((e) => scanOf(e, () => []))
  const ids = new Set([
    ...direct.map((s) => s.shipmentId),
    ...(await returnIdsOf(
      tx,
      refunded.filter((id): id is string => id !== null),
    )),
  ])
  if (ids.size === 0) return
  const stored = await shipmentRows(tx, [...ids], true)
  const states = new Map(stored.map((r) => [r.shipment_id, stateOf(r)]))
  const customers = new Map(stored.map((r) => [r.shipment_id, r.customer_id]))
  const orders = await ordersWithIds(tx, [
    ...new Set(relevant.map(orderIdOf).filter((id): id is string => id !== null)),
  ])
  const customerOfOrder = new Map(orders.map((o) => [o.order_id, o.customer_id]))
  // A refund closes the returns of its order open at that point of the log, this batch's included.
  const openReturns = (orderId: string) =>
    [...states.values()]
      .filter((s) => s.kind === 'return' && s.orderId === orderId && s.status !== 'refunded')
      .map((s) => s.shipmentId)
  const scans: Array<{ scan: Scan; event: StoredEvent }> = []
  for (const event of relevant)
    for (const scan of scanOf(event, openReturns)) {
      scans.push({ scan, event })
      states.set(scan.shipmentId, withScan(states.get(scan.shipmentId), scan))
      if (!customers.get(scan.shipmentId)) {
        const own = isAnonymousCustomer(event.customerId) ? null : event.customerId
        customers.set(scan.shipmentId, customerOfOrder.get(scan.orderId) ?? own)
      }
    }
  if (scans.length === 0) return
  const touched = new Set(scans.map((x) => x.scan.shipmentId))
  const rows = [...states.values()]
    .filter((s) => touched.has(s.shipmentId))
    .map((s) => {
      const customerId = customers.get(s.shipmentId) ?? null
      return {
        shipment_id: s.shipmentId,
        order_id: s.orderId,
        customer_id: customerId,
        kind: s.kind,
        carrier: s.carrier,
        tracking_number: s.trackingNumber,
        status: s.status,
        stage: s.stage,
        raw_status: s.rawStatus,
        sub_status: s.subStatus,
        status_at: iso(s.statusAt),
        location: s.location,
        origin_region: s.originRegion,
        destination_region: s.destinationRegion,
        products: s.products,
        carrier_estimate: iso(s.carrierEstimate),
        shipped_at: iso(s.shippedAt),
        delivered_at: iso(s.deliveredAt),
        first_scan_at: iso(s.firstScanAt),
        last_scan_at: iso(s.lastScanAt),
        unmatched_reason: customerId === null ? UNKNOWN_ORDER : null,
      }
    })
  await sql`
    insert into shipments
    select * from jsonb_populate_recordset(null::shipments, ${JSON.stringify(rows)}::jsonb)
    on conflict (shipment_id) do update set
      customer_id = excluded.customer_id, carrier = excluded.carrier, tracking_number = excluded.tracking_number,
      status = excluded.status, stage = excluded.stage, raw_status = excluded.raw_status,
      sub_status = excluded.sub_status, status_at = excluded.status_at, location = excluded.location,
      origin_region = excluded.origin_region, destination_region = excluded.destination_region,
      products = excluded.products, carrier_estimate = excluded.carrier_estimate,
      shipped_at = excluded.shipped_at, delivered_at = excluded.delivered_at,
      first_scan_at = excluded.first_scan_at, last_scan_at = excluded.last_scan_at,
      unmatched_reason = excluded.unmatched_reason`.execute(tx)
  const timeline = scans.map(({ scan }) => ({
    shipment_id: scan.shipmentId,
    at: iso(scan.at),
    status: scan.status,
    raw_status: scan.rawStatus ?? null,
    sub_status: scan.subStatus ?? null,
    location: scan.location ?? null,
  }))
  await sql`
    insert into shipment_scans
    select * from jsonb_populate_recordset(null::shipment_scans, ${JSON.stringify(timeline)}::jsonb)
    on conflict do nothing`.execute(tx)
}

/** Shipments that waited for their order take its customer once it arrives. */
async function matchArrivedOrders(tx: AnyDb, events: StoredEvent[]): Promise<void> {
  const arrived = events
    .filter((e) => e.event !== null && ORDER_ARRIVALS.has(e.event))
    .map((e) => str(e.properties.order_id))
    .filter((id): id is string => id !== null)
  if (arrived.length === 0) return
  await sql`
    update shipments s set customer_id = o.customer_id, unmatched_reason = null
    from orders o
    where s.customer_id is null and s.order_id = o.order_id and o.order_id = any(${[...new Set(arrived)]}::text[])`.execute(
    tx,
  )
}

async function applyContacts(tx: AnyDb, events: StoredEvent[]): Promise<void> {
  const contacts = events
    .filter((e) => e.type === 'track' && e.event === SUPPORT_CONTACTED)
    .map((e) => ({
      message_id: e.messageId,
      customer_id: e.customerId,
      order_id: str(e.properties.order_id),
      topic: str(e.properties.topic) ?? 'other',
      at: e.occurredAt.toISOString(),
    }))
  if (contacts.length === 0) return
  await sql`
    insert into support_contacts
    select * from jsonb_populate_recordset(null::support_contacts, ${JSON.stringify(contacts)}::jsonb)
    on conflict do nothing`.execute(tx)
}

/**
 * Shipments, returns and their timelines from `Shipment Updated`, `Return Requested`, `Return Received` and
 * the refunds of returned orders; the support contacts. The shipping notices are not sent here (a rebuild
 * replays this) but by the notifier after it, live only.
 */
export function shippingProjection(): Projection {
  return {
    name: 'shipping',
    async apply(tx, events) {
      await matchArrivedOrders(tx, events)
      await applyScans(tx, events)
      await applyContacts(tx, events)
    },
    async merge(tx: AnyDb, merges: CustomerMerge[]) {
      for (const { from, to } of merges) {
        await sql`update shipments set customer_id = ${to} where customer_id = ${from}`.execute(tx)
        await sql`update support_contacts set customer_id = ${to} where customer_id = ${from}`.execute(tx)
      }
    },
    async reset(tx) {
      await sql`truncate shipments, shipment_scans, support_contacts`.execute(tx)
    },
  }
}
