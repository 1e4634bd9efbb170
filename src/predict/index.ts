export {
  type BgNbdFit,
  type BgNbdParams,
  bgnbdLogLikelihood,
  expectedOrders,
  fitBgNbd,
  medianWaitIfAlive,
  probabilityAlive,
  probabilityNoOrder,
  type RfmSummary,
} from './bgnbd.js'
export {
  type AliveDecile,
  type Evaluation,
  evaluate,
  type FrequencyRow,
  type HoldoutCheck,
} from './evaluate.js'
export { PREDICTION_FIELDS, type PredictionField, predictedValueAtStake, predictionValue } from './fields.js'
export {
  expectedOrderValue,
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParams,
} from './gamma-gamma.js'
export { predictMigrations } from './migrations.js'
export { evaluationJson, evaluationText, holdoutTables } from './report.js'
export {
  type ChurnRiskSignal,
  type CustomerPrediction,
  createPredictions,
  type FitSummary,
  type PredictionOverview,
  type Predictions,
  type PredictionsDeps,
} from './service.js'
export { DEFAULT_PREDICT_SETTINGS, type PredictSettings } from './settings.js'
export type { CustomerForecast, FitQuality, ShopFit, ShopPurchaseDay } from './shop-model.js'
export type { FitRecord, StoredPrediction } from './store.js'
export { type CustomerHistory, dayOfDate, type Purchase, summarise } from './summary.js'
export {
  readTransactionsFile,
  TRANSACTION_FORMATS,
  type TransactionFormat,
  TransactionsFileError,
} from './transactions-file.js'
