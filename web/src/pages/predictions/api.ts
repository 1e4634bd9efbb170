/** The predictions admin API (src/http/predict-routes.ts); types mirror its response schemas. */
import { call } from '../../api'

export interface PAliveDecile {
  decile: number
  customers: number
  meanPAlive: number
  predictedShareBuying: number
  actualShareBuying: number
}

/** The fit on the history before the shop's last `holdoutDays`, checked against those days. */
export interface HoldoutCheck {
  customers: number
  actual: number
  predicted: number
  maePerCustomer: number
  naivePredicted: number
  naiveMae: number
  orderValue: { predicted: number; actual: number } | null
  pAliveDeciles: PAliveDecile[]
}

export type FitQuality =
  | { status: 'ok'; holdoutDays: number; calibrationEnd: string; check: HoldoutCheck }
  | { status: 'refused'; reason: string }

export interface Fit {
  id: number
  fittedAt: string
  status: 'ok' | 'refused' | 'not_converged'
  /** Why this fit made no predictions (null when it did). */
  reason: string | null
  customers: number
  repeatBuyers: number
  currency: string | null
  quality: FitQuality | null
}

export interface PredictionsOverview {
  /** The newest fit, good or not. */
  latest: Fit | null
  /** The newest good fit: the predictions in use. */
  current: Fit | null
  totals: {
    customers: number
    predictedValue12m: number
    atRisk: number
    valueAtRisk: number
    expectedOrders90d: number
    likelyActive: number
  }
}

export interface RefitOutcome {
  fitId: number
  status: Fit['status']
  reason: string | null
  customers: number
  repeatBuyers: number
  churnRiskRaised: number
  seconds: number
}

export const PREDICTIONS_KEY = ['predictions']

export const predictionsApi = {
  overview: () => call<PredictionsOverview>('GET', '/predictions'),
  fit: () => call<RefitOutcome>('POST', '/predictions/fit'),
}
