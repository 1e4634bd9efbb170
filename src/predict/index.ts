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
export {
  expectedOrderValue,
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaParams,
} from './gamma-gamma.js'
export { evaluationJson, evaluationText, holdoutTables } from './report.js'
export { type CustomerHistory, dayOfDate, type Purchase, summarise } from './summary.js'
export {
  readTransactionsFile,
  TRANSACTION_FORMATS,
  type TransactionFormat,
  TransactionsFileError,
} from './transactions-file.js'
