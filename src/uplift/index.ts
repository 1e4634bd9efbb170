/**
 * Uplift models: from randomised exposures and outcomes, a model of whom a campaign moves, and the metrics
 * (exactly scikit-uplift's) to judge one on held-out data.
 */

export {
  type EncodedTable,
  type EncodeOptions,
  encodeTable,
  requireBinaryOutcome,
  TableError,
  type TableRow,
} from './encode-table.js'
export {
  type EvaluateOptions,
  evaluateUplift,
  type UpliftEvaluation,
} from './evaluate.js'
export { qiniAucScore, upliftAtK, upliftAucScore } from './metrics.js'
export { seededRandom, shuffle } from './random.js'
export { readUpliftCsv } from './read-csv.js'
export {
  DEFAULT_CONTINUOUS_LEARNER,
  DEFAULT_LEARNER,
  LEARNER_NAMES,
  type LearnerName,
  learnerOutcome,
  loadUpliftModel,
  type SerializedUpliftModel,
  serialiseUpliftModel,
  trainUplift,
  type UpliftData,
  type UpliftModel,
} from './train-uplift.js'
