import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { ShippedOrder } from '../orders/index.js'
import { wallClockAt } from '../time/index.js'
import type { StatedPromise } from './notifier.js'
import {
  DEFAULT_PROMISE_OPTIONS,
  type DeliveryPromise,
  fitPromiseModel,
  type PastShipment,
  type PromiseModel,
  promiseFor,
  type ShipmentSoFar,
} from './promise/index.js'
import type { ShipmentState } from './shipment-state.js'

/** A fit serves this long: a day's deliveries barely move a distribution learnt over months. */
const REFIT_MS = 3_600_000
/** The most recent shipments a fit reads: enough for every lane of a busy shop, bounded in memory. */
const FIT_LIMIT = 50_000

export interface Promises {
  /** The promise for a shipment on its way (null when delivered, or when the shop has no history yet). */
  promiseOf(db: AnyDb, shipment: ShipmentState, now: number): Promise<StatedPromise | null>
  /** The model as of `now`, fitted from the shop's delivered shipments (cached for an hour). */
  model(db: AnyDb, now: number): Promise<PromiseModel>
}

/**
 * The shop's outbound shipments of the model's window as it learns them, those still on their way included
 * (a parcel not delivered yet says "at least this long": without it, the model would lag a slowing carrier).
 * Purchase is the order's completion; shipments of cancelled orders never arrive and are left out.
 */
async function pastShipments(
  db: AnyDb,
  ordersWithIds: (db: AnyDb, ids: readonly string[]) => Promise<ShippedOrder[]>,
  before: number,
): Promise<PastShipment[]> {
  const since = before - DEFAULT_PROMISE_OPTIONS.windowDays * 86_400_000
  const { rows } = await sql<{
    order_id: string
    carrier: string | null
    origin_region: string | null
    destination_region: string | null
    shipped_at: Date | null
    delivered_at: Date | null
    first_scan_at: Date
  }>`
    select order_id, carrier, origin_region, destination_region, shipped_at, delivered_at, first_scan_at
    from shipments
    where kind = 'outbound' and first_scan_at >= ${new Date(since).toISOString()}
      and first_scan_at < ${new Date(before).toISOString()}
    order by first_scan_at desc limit ${FIT_LIMIT}`.execute(db)
  const orders = new Map(
    (await ordersWithIds(db, [...new Set(rows.map((r) => r.order_id))])).map((o) => [o.order_id, o]),
  )
  return rows.flatMap((r) => {
    const order = orders.get(r.order_id)
    if (order?.status === 'cancelled') return []
    return [
      {
        carrier: r.carrier,
        origin: r.origin_region,
        destination: r.destination_region,
        seller: null,
        purchasedAt: (order?.completed_at ?? r.first_scan_at).getTime(),
        handedOverAt: r.shipped_at?.getTime() ?? null,
        deliveredAt: r.delivered_at?.getTime() ?? null,
      },
    ]
  })
}

/** The model's promise, or none when it has no past shipment to promise from (a new shop). */
function promiseOrNone(model: PromiseModel, shipment: ShipmentSoFar, now: number): DeliveryPromise | null {
  if (model.transit.shop === null && model.total.shop === null) return null
  try {
    return promiseFor(model, shipment, now)
  } catch {
    // promiseFor throws when the history holds nothing of this shipment's stage (no handover ever seen).
    return null
  }
}

/**
 * Delivery promises from the shop's own past shipments (src/shipping/promise): made at purchase, narrowed at
 * the carrier's handover, never before now. A shop without history gets the carrier's estimate, if any.
 */
/** How far the shop's clocks are ahead of UTC at a moment, in minutes (weekend orders wait for Monday). */
function offsetMinutes(timeZone: string, at: number): number {
  const wall = wallClockAt(new Date(at), timeZone)
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
  return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000)
}

export function createPromises(deps: {
  ordersWithIds: (db: AnyDb, ids: readonly string[]) => Promise<ShippedOrder[]>
  /** The shop's time zone (REEL_DEFAULT_TIMEZONE): the weekday a purchase falls on. */
  timeZone: string
}): Promises {
  let cached: { at: number; model: PromiseModel } | null = null
  async function model(db: AnyDb, now: number): Promise<PromiseModel> {
    if (cached && now >= cached.at && now - cached.at < REFIT_MS) return cached.model
    const fitted = fitPromiseModel(await pastShipments(db, deps.ordersWithIds, now), now, {
      utcOffsetMinutes: offsetMinutes(deps.timeZone, now),
    })
    cached = { at: now, model: fitted }
    return fitted
  }
  return {
    model,
    async promiseOf(db, shipment, now) {
      if (shipment.deliveredAt !== null || shipment.kind === 'return') return null
      const [order] = await deps.ordersWithIds(db, [shipment.orderId])
      const promise = promiseOrNone(
        await model(db, now),
        {
          carrier: shipment.carrier,
          origin: shipment.originRegion,
          destination: shipment.destinationRegion,
          seller: null,
          purchasedAt: order?.completed_at?.getTime() ?? shipment.firstScanAt,
          handedOverAt: shipment.shippedAt,
        },
        now,
      )
      if (promise)
        return { promiseAt: promise.promiseAt, earliestAt: promise.earliestAt, latestAt: promise.latestAt }
      const estimate = shipment.carrierEstimate
      return estimate === null ? null : { promiseAt: estimate, earliestAt: estimate, latestAt: estimate }
    },
  }
}
