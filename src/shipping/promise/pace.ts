/**
 * The shop's recent transit pace: how much faster or slower the last handovers travel than the groups'
 * longer memory says. Groups need weeks of shipments to be learnt at all, the level needs days to follow the
 * season; one factor shared by all groups gives each what it needs.
 */
import { learnDurations, type WeightedDuration } from './durations.js'
import type { Durations, DurationsByKey } from './types.js'

/** A transit seen, with its weight for the pace (shorter memory) and the group it is compared with. */
export interface PaceSample {
  seen: WeightedDuration
  recentWeight: number
  destination: string | null
}

// Enough quantiles for a median; the ratios are thrown away once it is read.
const RATIO_GRID = 41

/**
 * The median of each transit over its destination's median (the shop's without one), weighted recently,
 * over the same with the groups' weights. Comparing each parcel with its own destination keeps a change of
 * mix (more orders to the near states this week) from passing for a change of pace. 1 when unknown.
 */
export function recentPace(
  samples: readonly PaceSample[],
  shop: Durations | null,
  destinations: DurationsByKey,
): number {
  const median = (d: Durations | null | undefined) => (d ? d.grid[Math.floor(d.grid.length / 2)]! : 0)
  const recent: WeightedDuration[] = []
  const usual: WeightedDuration[] = []
  for (const { seen, recentWeight, destination } of samples) {
    const typical = median((destination !== null && destinations[destination]) || shop)
    if (typical <= 0) continue
    const ratio = { ...seen, duration: seen.duration / typical }
    recent.push({ ...ratio, weight: recentWeight })
    usual.push(ratio)
  }
  const now = median(learnDurations(recent, RATIO_GRID))
  const before = median(learnDurations(usual, RATIO_GRID))
  return now > 0 && before > 0 ? now / before : 1
}

/** Groups with every quantile scaled by the pace. */
export function paced(groups: DurationsByKey, pace: number): DurationsByKey {
  return Object.fromEntries(Object.entries(groups).map(([key, d]) => [key, pacedDurations(d, pace)]))
}

export const pacedDurations = (d: Durations, pace: number): Durations => ({
  ...d,
  grid: d.grid.map((v) => v * pace),
})
