import { type Address, type Carrier, PICKUP_STORES } from './korea.js'
import {
  deliveryDaysAfter,
  isDeliveryDay,
  isWarehouseDay,
  kstDay,
  kstHour,
  kstTime,
  nextDayThat,
} from './kst-calendar.js'
import type { Random } from './random.js'
import { HOUR, MINUTE } from './time.js'

/** What happened to a parcel on its way, besides travelling. */
export type Incident = 'none' | 'delay' | 'attempt_fail' | 'pickup'

/** One carrier scan, in Reel's status words. */
export interface ParcelScan {
  at: number
  status:
    | 'info_received'
    | 'in_transit'
    | 'exception'
    | 'out_for_delivery'
    | 'attempt_fail'
    | 'available_for_pickup'
    | 'delivered'
  location: string
  subStatus?: string
  /** The carrier's estimate, told at handover and again when a delay is known. */
  estimatedDelivery?: number
}

/** A parcel's whole journey, from label to delivery. */
export interface Parcel {
  scans: ParcelScan[]
  incident: Incident
  /** A delay with no scan between the exception and the delivery morning. */
  silent: boolean
  labelAt: number
  shippedAt: number
  deliveredAt: number
  /** Midday of the day it would have been delivered on without the incident. */
  expectedAt: number
}

/** Shares of parcels with each incident: ~5% delayed, ~3% a failed attempt, ~2% picked up at a store. */
const INCIDENT_SHARES: ReadonlyArray<[Incident, number]> = [
  ['delay', 0.05],
  ['attempt_fail', 0.03],
  ['pickup', 0.02],
]

function drawIncident(r: Random): Incident {
  let u = r.next()
  for (const [incident, share] of INCIDENT_SHARES) {
    if (u < share) return incident
    u -= share
  }
  return 'none'
}

/**
 * When the warehouse prints the label: within hours on a working day (from 09:00, before 19:00); an order
 * paid in the evening or at the weekend is labelled the next working morning.
 */
export function labelTime(r: Random, readyAt: number): number {
  const day = kstDay(readyAt)
  if (isWarehouseDay(day) && kstHour(readyAt) < 17) {
    const at = Math.max(readyAt, kstTime(day, 9)) + r.int(20, 240) * MINUTE
    if (at < kstTime(day, 19)) return at
  }
  return kstTime(nextDayThat(day, isWarehouseDay), 9) + r.int(0, 150) * MINUTE
}

/** The carrier collects in the late afternoon: labels made before 14:00 go the same day, later ones the next. */
function handoverTime(r: Random, labelAt: number): number {
  const day = kstDay(labelAt)
  const pickupDay = kstHour(labelAt) < 14 ? day : nextDayThat(day, isWarehouseDay)
  return kstTime(pickupDay, 16) + r.int(0, 180) * MINUTE
}

const scan = (
  at: number,
  status: ParcelScan['status'],
  location: string,
  extra: Partial<ParcelScan> = {},
): ParcelScan => ({ at, status, location, ...extra })

/** The last mile of a delivery day: out in the morning, delivered during the day. */
function lastMile(r: Random, day: number, place: string): ParcelScan[] {
  const out = kstTime(day, 7, 30) + r.int(0, 150) * MINUTE
  return [scan(out, 'out_for_delivery', place), scan(out + r.int(60, 600) * MINUTE, 'delivered', place)]
}

/**
 * A parcel's scans from the warehouse to the door, on the Korean calendar: label, handover, the night scan
 * at the carrier's hub, maybe the destination terminal's early-morning scan, then out for delivery and
 * delivered 1-2 delivery days after handover on the mainland (islands and Jeju 2-4), with its incident.
 */
export function planParcel(
  r: Random,
  options: { readyAt: number; carrier: Carrier; address: Address; warehouse: string; incident?: Incident },
): Parcel {
  const { carrier, address } = options
  const incident = options.incident ?? drawIncident(r)
  const labelAt = labelTime(r, options.readyAt)
  const shippedAt = handoverTime(r, labelAt)
  const transitDays = address.island
    ? r.int(carrier.islandDays[0], carrier.islandDays[1])
    : r.chance(carrier.nextDayShare)
      ? 1
      : 2
  const plannedDay = deliveryDaysAfter(kstDay(shippedAt), transitDays)
  // Carriers promise their usual time, not this parcel's: a two-day parcel misses the estimate.
  const usualDay = deliveryDaysAfter(kstDay(shippedAt), address.island ? carrier.islandDays[0] : 1)
  const hubAt = shippedAt + r.int(180, 420) * MINUTE
  const scans: ParcelScan[] = [
    scan(labelAt, 'info_received', options.warehouse),
    scan(shippedAt, 'in_transit', options.warehouse, { estimatedDelivery: kstTime(usualDay, 21) }),
    scan(hubAt, 'in_transit', carrier.hub),
  ]
  let day = plannedDay
  let silent = false
  let destinationScan = r.chance(0.6)
  if (incident === 'delay') {
    day = deliveryDaysAfter(plannedDay, r.int(2, 4))
    silent = r.chance(0.4)
    const exceptionAt = hubAt + r.int(2, 10) * HOUR
    // Ferries stop in storms: island parcels wait for the weather, mainland ones mostly for a full hub.
    const subStatus = r.weighted(['weather', 'hub_backlog'], address.island ? [3, 1] : [1, 2])
    scans.push(
      scan(exceptionAt, 'exception', carrier.hub, { subStatus, estimatedDelivery: kstTime(day, 21) }),
    )
    if (!silent) scans.push(scan(exceptionAt + r.int(20, 30) * HOUR, 'in_transit', carrier.hub))
    destinationScan = !silent
  }
  if (destinationScan)
    scans.push(scan(kstTime(day, 5) + r.int(0, 150) * MINUTE, 'in_transit', `${address.place} 터미널`))
  if (incident === 'pickup') {
    const store = `${r.pick(PICKUP_STORES)} ${address.place}점`
    const ready = kstTime(day, 10) + r.int(0, 360) * MINUTE
    scans.push(
      scan(ready, 'available_for_pickup', store),
      scan(ready + r.int(2, 48) * HOUR, 'delivered', store),
    )
  } else if (incident === 'attempt_fail') {
    const [out] = lastMile(r, day, address.place) as [ParcelScan]
    const failedAt = out.at + r.int(60, 480) * MINUTE
    scans.push(out, scan(failedAt, 'attempt_fail', address.place, { subStatus: 'recipient_absent' }))
    scans.push(...lastMile(r, nextDayThat(day, isDeliveryDay), address.place))
  } else {
    scans.push(...lastMile(r, day, address.place))
  }
  return {
    scans,
    incident,
    silent,
    labelAt,
    shippedAt,
    deliveredAt: (scans.at(-1) as ParcelScan).at,
    expectedAt: kstTime(plannedDay, 12),
  }
}

export const CONTACT_CHANNELS = ['phone', 'chat', 'email'] as const
export type ContactChannel = (typeof CONTACT_CHANNELS)[number]
const CHANNEL_WEIGHTS = [45, 40, 15]

/**
 * Chance that the buyer asks where the parcel is, [with updates, in the holdout]: a buyer told of every step
 * rarely asks; one told only "shipped" asks twice as often, and far more when the parcel is late or missed.
 */
export const WISMO_RATES: Readonly<Record<Incident, readonly [number, number]>> = {
  none: [0.04, 0.09],
  pickup: [0.06, 0.12],
  attempt_fail: [0.12, 0.25],
  delay: [0.2, 0.42],
}

/** A where-is-my-order contact: when, and how the buyer got in touch. */
export interface WismoContact {
  at: number
  channel: ContactChannel
}

/**
 * The buyer's where-is-my-order contacts about one parcel, while it travels: after handover for a parcel on
 * time, once it is late for a delayed one (a third of those ask again the next day), after a missed attempt.
 */
export function wismoContacts(r: Random, parcel: Parcel, heldOut: boolean): WismoContact[] {
  const rate = WISMO_RATES[parcel.incident][heldOut ? 1 : 0]
  if (!r.chance(rate)) return []
  const failed = parcel.scans.find((s) => s.status === 'attempt_fail')
  const to = parcel.deliveredAt
  let from = parcel.shippedAt + 12 * HOUR
  if (parcel.incident === 'delay') from = parcel.expectedAt
  else if (failed) from = failed.at
  if (from >= to) from = parcel.shippedAt
  const first = Math.floor((from + r.next() * (to - from)) / 1000) * 1000
  const contacts = [{ at: first, channel: r.weighted(CONTACT_CHANNELS, CHANNEL_WEIGHTS) }]
  if (parcel.incident === 'delay' && r.chance(0.35)) {
    const again = first + r.int(20 * 60, 30 * 60) * MINUTE
    if (again < to) contacts.push({ at: again, channel: r.weighted(CONTACT_CHANNELS, CHANNEL_WEIGHTS) })
  }
  return contacts
}

/**
 * A return parcel: the carrier picks it up the delivery day after the request (or after the delivery, when
 * the buyer asked before the parcel came), and the warehouse receives it 1-2 delivery days later on a working
 * day; always before the refund, which the shop gives once it has the parcel.
 */
export function planReturnParcel(
  r: Random,
  options: { requestedAt: number; deliveredAt: number | null; refundAt: number | null },
): { pickupAt: number; receivedAt: number } {
  const { requestedAt, deliveredAt, refundAt } = options
  const start = deliveredAt !== null && deliveredAt > requestedAt ? deliveredAt : requestedAt
  const pickupDay = nextDayThat(kstDay(start), isDeliveryDay)
  const pickupAt = kstTime(pickupDay, 10) + r.int(0, 420) * MINUTE
  const arrival = deliveryDaysAfter(pickupDay, r.int(1, 2))
  const receivedDay = isWarehouseDay(arrival) ? arrival : nextDayThat(arrival, isWarehouseDay)
  const receivedAt = kstTime(receivedDay, 10) + r.int(0, 420) * MINUTE
  if (refundAt === null || receivedAt < refundAt - HOUR) return { pickupAt, receivedAt }
  // A quick refund: the parcel was received a few hours before it.
  const early = refundAt - r.int(1, 6) * HOUR
  if (early > pickupAt + 6 * HOUR) return { pickupAt, receivedAt: early }
  const begin = start < refundAt ? start : requestedAt
  const third = Math.floor((refundAt - begin) / 3 / MINUTE) * MINUTE
  return { pickupAt: begin + third, receivedAt: begin + 2 * third }
}
