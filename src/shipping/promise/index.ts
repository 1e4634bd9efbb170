/**
 * Delivery promises learnt from the shop's past shipments: handling time per seller, transit per lane,
 * shrunk towards broader groups when thin, learnt from the parcels in flight too and weighted towards recent
 * cohorts (src/shipping/promise/fit.ts),
 * and the Olist benchmark that measures them (evaluate.ts, olist.ts).
 */
export { addDurations, durationsBeyond, learnDurations, quantileOfGrid, shrinkTowards } from './durations.js'
export {
  DEFAULT_EVALUATION_OPTIONS,
  type EstimatedShipment,
  type EvaluationOptions,
  evaluatePromises,
  type MethodFigures,
  type PromiseEvaluation,
  splitByPurchase,
} from './evaluate.js'
export { fitPromiseModel } from './fit.js'
export { OLIST_SELLERS_FILE, type OlistShipment, readOlistShipments } from './olist.js'
export { DEFAULT_PROMISE_OPTIONS } from './options.js'
export { promiseFor } from './promise.js'
export type * from './types.js'
