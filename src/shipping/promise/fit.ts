import { learnDurations, type WeightedDuration } from './durations.js'
import { DEFAULT_PROMISE_OPTIONS } from './options.js'
import { type PaceSample, paced, pacedDurations, recentPace } from './pace.js'
import type { DurationsByKey, PastShipment, PromiseModel, PromiseOptions } from './types.js'

const DAY = 86_400_000

/** Group keys of a shipment; null where the fields it needs are unknown. */
export function laneKey(s: { origin: string | null; destination: string | null }): string | null {
  return s.origin !== null && s.destination !== null ? `${s.origin}>${s.destination}` : null
}

/** The lane to the destination's area: the same state's interior can take days longer than its capital. */
export function areaLaneKey(s: {
  origin: string | null
  destination: string | null
  destinationArea?: string | null
}): string | null {
  const lane = laneKey(s)
  return lane !== null && s.destinationArea != null ? `${lane}|${s.destinationArea}` : null
}

export function carrierLaneKey(s: {
  carrier: string | null
  origin: string | null
  destination: string | null
}): string | null {
  const lane = laneKey(s)
  return s.carrier !== null && lane !== null ? `${s.carrier}|${lane}` : null
}

/** The seller's own lane: a seller keeps its carrier service and drop-off habits, which shape the transit. */
export function sellerLaneKey(s: {
  seller: string | null
  origin: string | null
  destination: string | null
}) {
  const lane = laneKey(s)
  return s.seller !== null && lane !== null ? `${s.seller}|${lane}` : null
}

/** The weekday (0 = Sunday) of the purchase in the shop's time zone. */
export function weekdayKey(purchasedAt: number, utcOffsetMinutes: number): string {
  return String(new Date(purchasedAt + utcOffsetMinutes * 60_000).getUTCDay())
}

/** A time as known at `asOf`: null when it had not happened yet (or is unknown). */
const knownBy = (at: number | null, asOf: number) => (at !== null && at < asOf ? at : null)

/**
 * Learns handling and transit times from the shipments started within the window before `asOf`, the ones
 * still waiting or in flight included as censored (they took at least until `asOf`), each weighted
 * 2^(-age / half-life) by the age of its start (purchase for handling, handover for transit): the pace of
 * recent cohorts, which the deliveries of the last days alone would show only once their slow parcels land.
 */
export function fitPromiseModel(
  history: readonly PastShipment[],
  asOf: number,
  options: Partial<PromiseOptions> = {},
): PromiseModel {
  const o = { ...DEFAULT_PROMISE_OPTIONS, ...options }
  const since = asOf - o.windowDays * DAY
  const weightOf = (start: number) => 2 ** (-(asOf - start) / (o.halfLifeDays * DAY))
  const paceWeightOf = (start: number) => 2 ** (-(asOf - start) / (o.paceHalfLifeDays * DAY))
  const handling = new Groups()
  const transit = new Groups()
  const total = new Groups()
  const forPace: PaceSample[] = []
  for (const s of history) {
    if (s.purchasedAt >= asOf || s.purchasedAt < since) continue
    const handedOverAt = knownBy(s.handedOverAt, asOf)
    const deliveredAt = knownBy(s.deliveredAt, asOf)
    const bought = weightOf(s.purchasedAt)
    const untilDelivered = sample((deliveredAt ?? asOf) - s.purchasedAt, bought, deliveredAt === null)
    total.add('shop', '', untilDelivered)
    // Delivered without a handover scan: the carrier reports none, so only the total is known.
    if (handedOverAt === null && deliveredAt !== null) continue
    const handled = sample((handedOverAt ?? asOf) - s.purchasedAt, bought, handedOverAt === null)
    handling.add('shop', '', handled)
    handling.add('weekday', weekdayKey(s.purchasedAt, o.utcOffsetMinutes), handled)
    handling.add('seller', s.seller, handled)
    if (handedOverAt === null) continue
    const carried = sample((deliveredAt ?? asOf) - handedOverAt, weightOf(handedOverAt), deliveredAt === null)
    transit.add('shop', '', carried)
    if (carried.duration >= 0)
      forPace.push({ seen: carried, recentWeight: paceWeightOf(handedOverAt), destination: s.destination })
    transit.add('destination', s.destination, carried)
    transit.add('lane', laneKey(s), carried)
    transit.add('areaLane', areaLaneKey(s), carried)
    transit.add('carrierLane', carrierLaneKey(s), carried)
    transit.add('sellerLane', sellerLaneKey(s), carried)
  }
  return {
    asOf,
    options: o,
    handling: {
      shop: handling.learn('shop', o.gridSize)[''] ?? null,
      weekday: handling.learn('weekday', o.gridSize),
      seller: handling.learn('seller', o.gridSize),
    },
    transit: pacedTransit(transit, forPace, o.gridSize),
    total: { shop: total.learn('shop', o.gridSize)[''] ?? null },
  }
}

/** The transit groups, each scaled by the shop's recent pace (pace.ts). */
function pacedTransit(
  transit: Groups,
  forPace: readonly PaceSample[],
  gridSize: number,
): PromiseModel['transit'] {
  const shop = transit.learn('shop', gridSize)[''] ?? null
  const destination = transit.learn('destination', gridSize)
  const pace = recentPace(forPace, shop, destination)
  return {
    shop: shop && pacedDurations(shop, pace),
    pace,
    destination: paced(destination, pace),
    lane: paced(transit.learn('lane', gridSize), pace),
    areaLane: paced(transit.learn('areaLane', gridSize), pace),
    carrierLane: paced(transit.learn('carrierLane', gridSize), pace),
    sellerLane: paced(transit.learn('sellerLane', gridSize), pace),
  }
}

const sample = (duration: number, weight: number, censored: boolean): WeightedDuration => ({
  duration,
  weight,
  censored,
})

/** Weighted samples by level and key while the history is read. */
class Groups {
  private readonly levels = new Map<string, Map<string, WeightedDuration[]>>()

  add(level: string, key: string | null, seen: WeightedDuration): void {
    // A negative duration is a data error (a scan before the purchase); it would only bend the curve.
    if (key === null || seen.duration < 0) return
    const byKey = this.levels.get(level) ?? new Map<string, WeightedDuration[]>()
    this.levels.set(level, byKey)
    const samples = byKey.get(key) ?? []
    byKey.set(key, samples)
    samples.push(seen)
  }

  learn(level: string, gridSize: number): DurationsByKey {
    const learnt: DurationsByKey = {}
    for (const [key, samples] of this.levels.get(level) ?? []) {
      const durations = learnDurations(samples, gridSize)
      if (durations) learnt[key] = durations
    }
    return learnt
  }
}
