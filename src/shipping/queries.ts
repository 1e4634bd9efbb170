import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import { shipmentRows, stateOf } from './projection.js'
import type { ShipmentState } from './shipment-state.js'
import type { ShipmentStatus } from './taxonomy.js'

/** A shipment with its customer and why it waits, as the admin API lists it. */
export interface ShipmentRecord extends ShipmentState {
  customerId: string | null
  unmatchedReason: string | null
}

/** One scan of the timeline. */
export interface TimelineEntry {
  at: number
  status: ShipmentStatus
  rawStatus: string | null
  subStatus: string | null
  location: string | null
}

type Row = Parameters<typeof stateOf>[0]

const recordOf = (r: Row): ShipmentRecord => ({
  ...stateOf(r),
  customerId: r.customer_id,
  unmatchedReason: r.unmatched_reason,
})

export async function shipmentsOfOrders(db: AnyDb, orderIds: readonly string[]): Promise<ShipmentRecord[]> {
  if (orderIds.length === 0) return []
  const { rows } = await sql<Row>`
    select * from shipments where order_id = any(${orderIds}::text[]) order by first_scan_at, shipment_id`.execute(
    db,
  )
  return rows.map(recordOf)
}

export async function shipmentsWithIds(db: AnyDb, ids: readonly string[]): Promise<ShipmentRecord[]> {
  return (await shipmentRows(db, ids)).map(recordOf)
}

export async function shipmentsByTracking(db: AnyDb, trackingNumber: string): Promise<ShipmentRecord[]> {
  const { rows } = await sql<Row>`
    select * from shipments where tracking_number = ${trackingNumber} order by first_scan_at limit 5`.execute(
    db,
  )
  return rows.map(recordOf)
}

export async function timelinesOf(db: AnyDb, ids: readonly string[]): Promise<Map<string, TimelineEntry[]>> {
  const byShipment = new Map<string, TimelineEntry[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return byShipment
  const { rows } = await sql<{
    shipment_id: string
    at: Date
    status: ShipmentStatus
    raw_status: string | null
    sub_status: string | null
    location: string | null
  }>`select * from shipment_scans where shipment_id = any(${ids}::text[]) order by at, status`.execute(db)
  for (const r of rows)
    byShipment.get(r.shipment_id)?.push({
      at: r.at.getTime(),
      status: r.status,
      rawStatus: r.raw_status,
      subStatus: r.sub_status,
      location: r.location,
    })
  return byShipment
}

/** A page of shipments, newest first: all, one status, the unmatched ones, or those not yet delivered. */
export async function listShipments(
  db: AnyDb,
  filter: {
    status?: ShipmentStatus | undefined
    unmatched?: boolean | undefined
    open?: boolean | undefined
    limit: number
  },
): Promise<ShipmentRecord[]> {
  const { rows } = await sql<Row>`
    select * from shipments
    where (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
      and (${filter.unmatched ?? false} = false or customer_id is null)
      and (${filter.open ?? false} = false or (delivered_at is null and kind = 'outbound'))
    order by last_scan_at desc, shipment_id
    limit ${filter.limit}`.execute(db)
  return rows.map(recordOf)
}

/** How many shipments are in each status, and how many wait for their order. */
export async function statusCounts(
  db: AnyDb,
): Promise<{ byStatus: Record<string, number>; unmatched: number }> {
  const { rows } = await sql<{ status: string; n: string; unmatched: string }>`
    select status, count(*) as n, count(*) filter (where customer_id is null) as unmatched
    from shipments group by status`.execute(db)
  return {
    byStatus: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
    unmatched: rows.reduce((sum, r) => sum + Number(r.unmatched), 0),
  }
}

/** Outbound shipments on their way (shipped, not delivered), for the delay watch. */
export async function shipmentsOnTheWay(
  db: AnyDb,
  limit: number,
  after: string | null,
): Promise<ShipmentRecord[]> {
  const { rows } = await sql<Row>`
    select * from shipments
    where delivered_at is null and kind = 'outbound' and shipped_at is not null and customer_id is not null
      and status not in ('expired', 'available_for_pickup')
      and (${after}::text is null or shipment_id > ${after})
    order by shipment_id limit ${limit}`.execute(db)
  return rows.map(recordOf)
}

/** How the promises stated in messages held, for parcels delivered in a period. */
export interface PromiseRecord {
  delivered: number
  /** Delivered parcels whose first stated promise is known. */
  promised: number
  /** Share delivered by the promised time; null without promises. */
  metShare: number | null
  /** Share delivered inside the stated range. */
  inRangeShare: number | null
  /** Mean days the delivery came before the promise (negative: after). */
  meanDaysEarly: number | null
}

export async function promiseRecord(db: AnyDb, from: Date, to: Date): Promise<PromiseRecord> {
  const { rows } = await sql<{
    delivered: string
    promised: string
    met: string
    in_range: string
    days_early: number | null
  }>`
    with first_promise as (
      select distinct on (shipment_id) shipment_id, promise_at, earliest_at, latest_at
      from shipment_promises order by shipment_id, stated_at
    )
    select count(*) as delivered, count(p.shipment_id) as promised,
      count(*) filter (where s.delivered_at <= p.promise_at) as met,
      count(*) filter (where s.delivered_at between p.earliest_at and p.latest_at) as in_range,
      avg(extract(epoch from p.promise_at - s.delivered_at) / 86400) as days_early
    from shipments s left join first_promise p using (shipment_id)
    where s.kind = 'outbound' and s.delivered_at >= ${from.toISOString()} and s.delivered_at < ${to.toISOString()}`.execute(
    db,
  )
  const r = rows[0]
  const promised = Number(r?.promised ?? 0)
  const share = (n: string | undefined) => (promised === 0 ? null : Number(n ?? 0) / promised)
  return {
    delivered: Number(r?.delivered ?? 0),
    promised,
    metShare: share(r?.met),
    inRangeShare: share(r?.in_range),
    meanDaysEarly: r?.days_early === null || r?.days_early === undefined ? null : Number(r.days_early),
  }
}
