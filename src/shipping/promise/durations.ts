/** Pure arithmetic on Durations: learn one from weighted samples, blend, add two, condition on time elapsed. */
import type { Durations } from './types.js'

/**
 * A duration seen, with the weight its recency earns it. `censored`: still running when the model was fitted
 * (a parcel in flight), so the duration is only known to exceed `duration`.
 */
export interface WeightedDuration {
  duration: number
  weight: number
  censored?: boolean
}

/**
 * The equal-mass quantile grid of weighted samples by a weighted Kaplan-Meier estimate, so the shipments
 * still in flight count as "longer than so far" instead of being left out (which would only keep the slow
 * ones of a recent fast cohort, or only the fast ones of a recent slow one); null when nothing ended.
 */
export function learnDurations(samples: readonly WeightedDuration[], gridSize: number): Durations | null {
  const sorted = samples.filter((s) => s.weight > 0).sort((a, b) => a.duration - b.duration)
  const ended = sorted.filter((s) => !s.censored)
  if (ended.length === 0) return null
  const total = ended.reduce((sum, s) => sum + s.weight, 0)
  const squares = ended.reduce((sum, s) => sum + s.weight * s.weight, 0)
  return {
    grid: gridOfSteps(survivalSteps(sorted), sorted[sorted.length - 1]!.duration, gridSize),
    count: sorted.length,
    // What ended carries the information; the censored only trim the hazard of the durations they outlived.
    effectiveCount: (total * total) / squares,
  }
}

/** A jump of the distribution function: `mass` more of the durations end at `duration`. */
interface Step {
  duration: number
  mass: number
}

// Kaplan-Meier: at each duration that ended, the surviving share falls by the ended weight over the weight
// still at risk (every sample at least that long, censored ones included).
function survivalSteps(sorted: readonly WeightedDuration[]): Step[] {
  let atRisk = sorted.reduce((sum, s) => sum + s.weight, 0)
  let surviving = 1
  const steps: Step[] = []
  for (let i = 0; i < sorted.length; ) {
    const duration = sorted[i]!.duration
    let ended = 0
    let leaving = 0
    for (; i < sorted.length && sorted[i]!.duration === duration; i++) {
      leaving += sorted[i]!.weight
      if (!sorted[i]!.censored) ended += sorted[i]!.weight
    }
    if (ended > 0) {
      const mass = surviving * (ended / atRisk)
      steps.push({ duration, mass })
      surviving -= mass
    }
    atRisk -= leaving
  }
  return steps
}

// Each step owns the stretch of probability it covers; a quantile falling inside it takes its duration. Mass
// the estimate cannot place (outlived every duration that ended) is put at the longest duration seen: it is
// known to last at least that long, and guessing more would invent a tail.
function gridOfSteps(steps: readonly Step[], longest: number, gridSize: number): number[] {
  const grid: number[] = []
  let index = 0
  let covered = steps[0]!.mass
  for (let i = 0; i < gridSize; i++) {
    const target = (i + 0.5) / gridSize
    while (covered < target && index < steps.length - 1) {
      index += 1
      covered += steps[index]!.mass
    }
    // A small tolerance: sums of masses fall a hair short of 1 where every duration has ended.
    grid.push(covered + 1e-9 < target ? longest : steps[index]!.duration)
  }
  return grid
}

/**
 * Shrinks a thin group towards its parent by averaging their quantiles (Vincentisation) with the group's
 * weight n / (n + shrinkage): a group of a few shipments moves the parent's curve, it does not replace it.
 */
export function shrinkTowards(parent: Durations, group: Durations | undefined, shrinkage: number): Durations {
  if (!group) return parent
  const trust = group.effectiveCount / (group.effectiveCount + shrinkage)
  return {
    grid: parent.grid.map((value, i) => (1 - trust) * value + trust * group.grid[i]!),
    count: group.count,
    effectiveCount: group.effectiveCount,
  }
}

/** The distribution of the sum of two independent durations, on the same grid size as the first. */
export function addDurations(first: Durations, second: Durations): Durations {
  const sums: number[] = []
  for (const a of first.grid) for (const b of second.grid) sums.push(a + b)
  sums.sort((x, y) => x - y)
  const size = first.grid.length
  // Every sum carries equal mass, so the grid takes the middle sum of each equal slice.
  const grid = first.grid.map((_, i) => sums[Math.floor(((i + 0.5) / size) * sums.length)]!)
  return { grid, count: Math.min(first.count, second.count), effectiveCount: first.effectiveCount }
}

/**
 * The duration given that `elapsed` has passed without the event, or null when no past shipment took that
 * long. The grid keeps its size: the surviving quantiles are spread over it again.
 */
export function durationsBeyond(durations: Durations, elapsed: number): Durations | null {
  if (elapsed <= 0) return durations
  const left = durations.grid.filter((value) => value > elapsed)
  if (left.length === 0) return null
  if (left.length === durations.grid.length) return durations
  const size = durations.grid.length
  const grid = durations.grid.map((_, i) => quantileOfGrid(left, (i + 0.5) / size))
  return { ...durations, grid }
}

/** The quantile at probability p, linear between grid points and flat beyond the outer ones. */
export function quantileOfGrid(grid: readonly number[], p: number): number {
  const position = p * grid.length - 0.5
  if (position <= 0) return grid[0]!
  if (position >= grid.length - 1) return grid[grid.length - 1]!
  const low = Math.floor(position)
  const share = position - low
  return grid[low]! * (1 - share) + grid[low + 1]! * share
}
