/**
 * The delivery-promise benchmark: a time split of past shipments, each test order promised with a model
 * fitted on what had been delivered by the start of that day, at purchase and again at the carrier's
 * handover, against the shop's own estimate and plain lane quantiles.
 */
import { fitPromiseModel } from './fit.js'
import { fitLaneQuantiles, type LaneQuantiles, laneQuantilePromise } from './lane-quantiles.js'
import { promiseFor } from './promise.js'
import type { DeliveryPromise, PastShipment, PromiseModel, PromiseOptions } from './types.js'

const DAY = 86_400_000

/** A past shipment with the date the shop promised at the time (Olist's estimate: a day at 00:00). */
export interface EstimatedShipment extends PastShipment {
  deliveredAt: number
  estimatedAt: number
}

/** One method's figures over the test orders; days are fractional (ms / 86,400,000). */
export interface MethodFigures {
  orders: number
  /** Mean of promise − purchase. */
  promisedDays: number
  /** Share delivered at or before the promised time. */
  metShare: number
  /** Mean |expected − delivered|. */
  pointMaeDays: number
  /** Share delivered inside the stated 80% range; null for a method that states none. */
  rangeCoverage: number | null
}

export interface PromiseEvaluation {
  trainOrders: number
  testOrders: number
  /** Mean of delivery − purchase over the test orders. */
  actualDays: number
  methods: Record<string, MethodFigures>
  /** Share of test orders whose promise the handover update moved later than the one made at purchase. */
  movedLaterAtHandover: number
}

export interface EvaluationOptions {
  /** The later share of orders (by purchase time) that is tested. */
  testShare: number
  /** Reel's model options (DEFAULT_PROMISE_OPTIONS for the rest). */
  promise: Partial<PromiseOptions>
  /** The plain baseline's window, in days before the fit. */
  baselineWindowDays: number
}

export const DEFAULT_EVALUATION_OPTIONS: EvaluationOptions = {
  testShare: 0.3,
  promise: {},
  baselineWindowDays: 120,
}

/** The earlier (1 − testShare) and later testShare of the shipments by purchase time. */
export function splitByPurchase<T extends PastShipment>(
  shipments: readonly T[],
  testShare: number,
): { train: T[]; test: T[] } {
  const sorted = [...shipments].sort((a, b) => a.purchasedAt - b.purchasedAt)
  const cut = Math.floor(sorted.length * (1 - testShare))
  return { train: sorted.slice(0, cut), test: sorted.slice(cut) }
}

/** A promise with the shipment it was made for, to be scored once delivered. */
interface Outcome {
  shipment: EstimatedShipment
  promise: Pick<DeliveryPromise, 'promiseAt' | 'expectedAt'> & Partial<DeliveryPromise>
}

function figures(outcomes: readonly Outcome[]): MethodFigures {
  const mean = (of: (o: Outcome) => number) => outcomes.reduce((sum, o) => sum + of(o), 0) / outcomes.length
  const ranged = outcomes.every((o) => o.promise.earliestAt !== undefined && o.promise.latestAt !== undefined)
  return {
    orders: outcomes.length,
    promisedDays: mean((o) => (o.promise.promiseAt - o.shipment.purchasedAt) / DAY),
    metShare: mean((o) => (o.shipment.deliveredAt <= o.promise.promiseAt ? 1 : 0)),
    pointMaeDays: mean((o) => Math.abs(o.promise.expectedAt - o.shipment.deliveredAt) / DAY),
    rangeCoverage: ranged
      ? mean((o) => {
          const { earliestAt, latestAt } = o.promise
          return earliestAt! <= o.shipment.deliveredAt && o.shipment.deliveredAt <= latestAt! ? 1 : 0
        })
      : null,
  }
}

/** Fits once per calendar day (UTC) and options: what a shop refitting nightly would have had. */
function dailyModels(history: readonly PastShipment[], options: Partial<PromiseOptions>) {
  const models = new Map<number, PromiseModel>()
  return (at: number): PromiseModel => {
    const dayStart = Math.floor(at / DAY) * DAY
    let model = models.get(dayStart)
    if (!model) {
      model = fitPromiseModel(history, dayStart, options)
      models.set(dayStart, model)
    }
    return model
  }
}

/** Every test order promised by every method; the history is all shipments, each fit sees only the delivered. */
export function evaluatePromises(
  shipments: readonly EstimatedShipment[],
  options: Partial<EvaluationOptions> = {},
): PromiseEvaluation {
  const o = { ...DEFAULT_EVALUATION_OPTIONS, ...options }
  const { train, test } = splitByPurchase(shipments, o.testShare)
  const reel = dailyModels(shipments, o.promise)
  const handedOver = (s: EstimatedShipment) => s.handedOverAt ?? s.purchasedAt
  const laneModels = new Map<number, LaneQuantiles>()
  const plain = (quantile: number) =>
    test.map((s) => {
      const handedOverAt = handedOver(s)
      const dayStart = Math.floor(handedOverAt / DAY) * DAY
      const model = laneModels.get(dayStart) ?? fitLaneQuantiles(shipments, dayStart, o.baselineWindowDays)
      laneModels.set(dayStart, model)
      return { shipment: s, promise: laneQuantilePromise(model, { ...s, handedOverAt }, quantile) }
    })
  const atPurchase = (s: EstimatedShipment) => ({ ...s, handedOverAt: null })
  const promised = (model: (at: number) => PromiseModel, shipped: boolean) =>
    test.map((s) => {
      const now = shipped ? handedOver(s) : s.purchasedAt
      return { shipment: s, promise: promiseFor(model(now), shipped ? s : atPurchase(s), now) }
    })
  const reelAtPurchase = promised(reel, false)
  const reelAtHandover = promised(reel, true)
  const movedLater = reelAtHandover.filter(
    (o, i) => o.promise.promiseAt > reelAtPurchase[i]!.promise.promiseAt,
  )
  return {
    trainOrders: train.length,
    testOrders: test.length,
    actualDays: test.reduce((sum, s) => sum + (s.deliveredAt - s.purchasedAt) / DAY, 0) / test.length,
    methods: {
      "shop's own estimate": figures(
        test.map((s) => ({ shipment: s, promise: { promiseAt: s.estimatedAt, expectedAt: s.estimatedAt } })),
      ),
      'lane quantiles q90, at handover': figures(plain(0.9)),
      'lane quantiles q95, at handover': figures(plain(0.95)),
      'Reel at purchase': figures(reelAtPurchase),
      'Reel at handover': figures(reelAtHandover),
    },
    movedLaterAtHandover: movedLater.length / test.length,
  }
}
