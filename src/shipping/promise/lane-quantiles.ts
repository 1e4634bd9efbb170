/**
 * The plain baseline of the benchmark: the quantiles of the transit times of the shipment's lane over the
 * last days, every shipment counting the same, the whole shop's when the lane has no shipment in the window.
 */
import { learnDurations, quantileOfGrid } from './durations.js'
import { laneKey } from './fit.js'
import type { DeliveryPromise, Durations, PastShipment } from './types.js'

const DAY = 86_400_000
const GRID_SIZE = 100

/** Transit quantiles by lane, of the shipments delivered in the `windowDays` before `asOf`. */
export interface LaneQuantiles {
  shop: Durations | null
  lanes: Map<string, Durations>
}

export function fitLaneQuantiles(
  history: readonly PastShipment[],
  asOf: number,
  windowDays: number,
): LaneQuantiles {
  const byLane = new Map<string, { duration: number; weight: number }[]>()
  const all: { duration: number; weight: number }[] = []
  for (const s of history) {
    const { handedOverAt, deliveredAt } = s
    if (handedOverAt === null || deliveredAt === null) continue
    if (deliveredAt >= asOf || deliveredAt < asOf - windowDays * DAY) continue
    const sample = { duration: deliveredAt - handedOverAt, weight: 1 }
    all.push(sample)
    const lane = laneKey(s)
    if (lane === null) continue
    const samples = byLane.get(lane) ?? []
    samples.push(sample)
    byLane.set(lane, samples)
  }
  const lanes = new Map<string, Durations>()
  for (const [lane, samples] of byLane) lanes.set(lane, learnDurations(samples, GRID_SIZE)!)
  return { shop: learnDurations(all, GRID_SIZE), lanes }
}

/** The promise at the handover: the lane's `quantile` of transit from the scan, its median as the point. */
export function laneQuantilePromise(
  model: LaneQuantiles,
  shipment: PastShipment & { handedOverAt: number },
  quantile: number,
): Omit<DeliveryPromise, 'basis' | 'sampleSize'> {
  const lane = laneKey(shipment)
  const durations = (lane !== null && model.lanes.get(lane)) || model.shop
  if (!durations) throw new Error('no past shipments in the window')
  const at = (p: number) => shipment.handedOverAt + quantileOfGrid(durations.grid, p)
  return { promiseAt: at(quantile), expectedAt: at(0.5), earliestAt: at(0.1), latestAt: at(0.9) }
}
