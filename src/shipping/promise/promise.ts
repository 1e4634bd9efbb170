import { addDurations, durationsBeyond, quantileOfGrid, shrinkTowards } from './durations.js'
import { areaLaneKey, carrierLaneKey, laneKey, sellerLaneKey, weekdayKey } from './fit.js'
import type { DeliveryPromise, Durations, DurationsByKey, PromiseModel, ShipmentSoFar } from './types.js'

const HOUR = 3_600_000

/** A duration estimate with the most specific group it rests on. */
interface Estimate {
  durations: Durations
  basis: string
}

/** One level of a hierarchy: its name in `basis`, its groups and this shipment's key in it. */
interface Level {
  name: string
  groups: DurationsByKey
  key: string | null
}

/**
 * Walks from the whole shop down to the most specific group, shrinking each group towards the curve above
 * it; `basis` names the deepest group the shipment has history in.
 */
function descend(root: Durations, levels: readonly Level[], shrinkage: number, rootName: string): Estimate {
  let estimate: Estimate = { durations: root, basis: rootName }
  for (const level of levels) {
    const group = level.key === null ? undefined : level.groups[level.key]
    if (group)
      estimate = { durations: shrinkTowards(estimate.durations, group, shrinkage), basis: level.name }
  }
  return estimate
}

function transitOf(model: PromiseModel, shipment: ShipmentSoFar): Estimate | null {
  const { transit, options } = model
  if (!transit.shop) return null
  return descend(
    transit.shop,
    [
      { name: 'destination', groups: transit.destination, key: shipment.destination },
      { name: 'lane', groups: transit.lane, key: laneKey(shipment) },
      { name: 'area+lane', groups: transit.areaLane, key: areaLaneKey(shipment) },
      { name: 'carrier+lane', groups: transit.carrierLane, key: carrierLaneKey(shipment) },
      { name: 'seller+lane', groups: transit.sellerLane, key: sellerLaneKey(shipment) },
    ],
    options.shrinkage,
    'shop',
  )
}

function handlingOf(model: PromiseModel, shipment: ShipmentSoFar): Estimate | null {
  const { handling, options } = model
  if (!handling.shop) return null
  return descend(
    handling.shop,
    [
      {
        name: 'weekday',
        groups: handling.weekday,
        key: weekdayKey(shipment.purchasedAt, options.utcOffsetMinutes),
      },
      { name: 'seller', groups: handling.seller, key: shipment.seller },
    ],
    options.shrinkage,
    'shop',
  )
}

/** What is still to come, from `start`, and what it rests on. */
interface Remaining {
  start: number
  durations: Durations | null
  basis: string
}

function remainingOf(model: PromiseModel, shipment: ShipmentSoFar, now: number): Remaining | null {
  const transit = transitOf(model, shipment)
  if (shipment.handedOverAt !== null) {
    if (!transit) return null
    const start = shipment.handedOverAt
    return { start, durations: durationsBeyond(transit.durations, now - start), basis: transit.basis }
  }
  const start = shipment.purchasedAt
  const handling = handlingOf(model, shipment)
  if (handling && transit) {
    // Still unshipped at `now`: only handling times longer than what has passed remain possible.
    const handled = durationsBeyond(handling.durations, now - start)
    const basis =
      handling.basis === 'seller' && !transit.basis.startsWith('seller')
        ? `seller+${transit.basis}`
        : transit.basis
    return { start, durations: handled && addDurations(handled, transit.durations), basis }
  }
  const total = model.total.shop
  return total ? { start, durations: durationsBeyond(total, now - start), basis: 'shop' } : null
}

/**
 * The promise for a shipment as known at `now`: from the purchase it adds handling and transit, after the
 * handover it counts the transit from the scan. Nothing it states lies before `now`.
 */
export function promiseFor(model: PromiseModel, shipment: ShipmentSoFar, now: number): DeliveryPromise {
  const remaining = remainingOf(model, shipment, now)
  if (!remaining) throw new Error('the promise model has no past shipments to promise from')
  const { start, durations, basis } = remaining
  if (!durations) return overdue(now, basis)
  const at = (p: number) => Math.max(now, start + quantileOfGrid(durations.grid, p))
  return {
    promiseAt: at(model.options.promiseQuantile),
    expectedAt: at(0.5),
    earliestAt: at(0.1),
    latestAt: at(0.9),
    basis,
    sampleSize: durations.count,
  }
}

/**
 * Later than every past shipment of its kind: the history says nothing more, so the promise is the next
 * day, honest that it is a guess (sample size 0) rather than a quantile.
 */
function overdue(now: number, basis: string): DeliveryPromise {
  return {
    promiseAt: now + 24 * HOUR,
    expectedAt: now + 12 * HOUR,
    earliestAt: now,
    latestAt: now + 24 * HOUR,
    basis: `${basis}, overdue`,
    sampleSize: 0,
  }
}
