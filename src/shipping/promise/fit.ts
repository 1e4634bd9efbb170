import { learnDurations, type WeightedDuration } from './durations.js'
import { DEFAULT_PROMISE_OPTIONS } from './options.js'
import type { DurationsByKey, PastShipment, PromiseModel, PromiseOptions } from './types.js'

const DAY = 86_400_000

/** Group keys of a shipment; null where the fields it needs are unknown. */
export function laneKey(s: { origin: string | null; destination: string | null }): string | null {
  return s.origin !== null && s.destination !== null ? `${s.origin}>${s.destination}` : null
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

/**
 * Learns handling and transit times from the shipments delivered before `asOf` within the window, each
 * weighted 2^(-age / half-life) by the age of its delivery, so the model follows the carriers' recent pace.
 */
export function fitPromiseModel(
  history: readonly PastShipment[],
  asOf: number,
  options: Partial<PromiseOptions> = {},
): PromiseModel {
  const o = { ...DEFAULT_PROMISE_OPTIONS, ...options }
  const since = asOf - o.windowDays * DAY
  const handling = new Groups()
  const transit = new Groups()
  const total = new Groups()
  for (const s of history) {
    if (s.deliveredAt >= asOf || s.deliveredAt < since) continue
    const weight = 2 ** (-(asOf - s.deliveredAt) / (o.halfLifeDays * DAY))
    if (s.handedOverAt === null) {
      total.add('shop', '', s.deliveredAt - s.purchasedAt, weight)
      continue
    }
    const handled = s.handedOverAt - s.purchasedAt
    handling.add('shop', '', handled, weight)
    handling.add('weekday', weekdayKey(s.purchasedAt, o.utcOffsetMinutes), handled, weight)
    handling.add('seller', s.seller, handled, weight)
    const carried = s.deliveredAt - s.handedOverAt
    transit.add('shop', '', carried, weight)
    transit.add('destination', s.destination, carried, weight)
    transit.add('lane', laneKey(s), carried, weight)
    transit.add('carrierLane', carrierLaneKey(s), carried, weight)
    transit.add('sellerLane', sellerLaneKey(s), carried, weight)
    total.add('shop', '', s.deliveredAt - s.purchasedAt, weight)
  }
  return {
    asOf,
    options: o,
    handling: {
      shop: handling.learn('shop', o.gridSize)[''] ?? null,
      weekday: handling.learn('weekday', o.gridSize),
      seller: handling.learn('seller', o.gridSize),
    },
    transit: {
      shop: transit.learn('shop', o.gridSize)[''] ?? null,
      destination: transit.learn('destination', o.gridSize),
      lane: transit.learn('lane', o.gridSize),
      carrierLane: transit.learn('carrierLane', o.gridSize),
      sellerLane: transit.learn('sellerLane', o.gridSize),
    },
    total: { shop: total.learn('shop', o.gridSize)[''] ?? null },
  }
}

/** Weighted samples by level and key while the history is read. */
class Groups {
  private readonly levels = new Map<string, Map<string, WeightedDuration[]>>()

  add(level: string, key: string | null, duration: number, weight: number): void {
    // A negative duration is a data error (a scan before the purchase); it would only bend the curve.
    if (key === null || duration < 0) return
    const byKey = this.levels.get(level) ?? new Map<string, WeightedDuration[]>()
    this.levels.set(level, byKey)
    const samples = byKey.get(key) ?? []
    byKey.set(key, samples)
    samples.push({ duration, weight })
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
