/**
 * Experiment statistics of a campaign against its holdout: pure functions over the arms' sums (see
 * README.md beside this file for the estimators and their sources).
 */
export { analyseExperiment } from './analyse-experiment.js'
export { addUnit, emptyArmSummary, summariseArm } from './arm-summary.js'
export { analysisOptionsSchema, DEFAULT_ANALYSIS_OPTIONS, MINIMUM_CONVERTERS } from './options.js'
export { SRM_THRESHOLD } from './srm.js'
export type {
  AnalysisOptions,
  ArmFigures,
  ArmName,
  ArmSummary,
  Estimate,
  ExperimentAnalysis,
  ExperimentUnit,
  Interval,
} from './types.js'
