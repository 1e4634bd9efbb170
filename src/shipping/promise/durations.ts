/** Pure arithmetic on Durations: learn one from weighted samples, blend, add two, condition on time elapsed. */
import type { Durations } from './types.js'

/** A duration seen, with the weight its recency earns it. */
export interface WeightedDuration {
  duration: number
  weight: number
}

/** The equal-mass quantile grid of weighted samples; null when there is no weight at all. */
export function learnDurations(samples: readonly WeightedDuration[], gridSize: number): Durations | null {
  const sorted = samples.filter((s) => s.weight > 0).sort((a, b) => a.duration - b.duration)
  const total = sorted.reduce((sum, s) => sum + s.weight, 0)
  if (total <= 0) return null
  const squares = sorted.reduce((sum, s) => sum + s.weight * s.weight, 0)
  return {
    grid: weightedQuantiles(sorted, total, gridSize),
    count: sorted.length,
    effectiveCount: (total * total) / squares,
  }
}

// Each sample owns the stretch of cumulative weight it covers; a quantile falling inside it takes its value.
function weightedQuantiles(sorted: readonly WeightedDuration[], total: number, gridSize: number): number[] {
  const grid: number[] = []
  let index = 0
  let covered = sorted[0]!.weight
  for (let i = 0; i < gridSize; i++) {
    const target = ((i + 0.5) / gridSize) * total
    while (covered < target && index < sorted.length - 1) {
      index += 1
      covered += sorted[index]!.weight
    }
    grid.push(sorted[index]!.duration)
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
