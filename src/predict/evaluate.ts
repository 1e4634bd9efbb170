import {
  type BgNbdFit,
  type BgNbdParams,
  expectedOrders,
  fitBgNbd,
  probabilityAlive,
  probabilityNoOrder,
} from './bgnbd.js'
import { expectedOrderValue, fitGammaGamma, type GammaGammaFit } from './gamma-gamma.js'
import type { CustomerHistory } from './summary.js'

/** One decile of customers ranked by predicted P(alive), against what they did in the holdout. */
export interface AliveDecile {
  decile: number
  customers: number
  meanPAlive: number
  /** The model's P(at least one purchase in the holdout), the figure the share who bought tests. */
  predictedShareBuying: number
  actualShareBuying: number
}

/** Customers by their calibration-period frequency: predicted and actual holdout purchases per customer. */
export interface FrequencyRow {
  /** "0" … "6", then "7+". */
  frequency: string
  customers: number
  predicted: number
  actual: number
}

/** How a fit's forecasts of a held-out period compare with what happened. */
export interface HoldoutCheck {
  customers: number
  actual: number
  predicted: number
  /** Mean over customers of |predicted − actual| purchases. */
  maePerCustomer: number
  /** Each customer's calibration rate x/T carried over the holdout. */
  naivePredicted: number
  naiveMae: number
  /** Predicted and actual mean order value of the holdout's purchases (customers who bought in it). */
  orderValue: { predicted: number; actual: number } | null
  pAliveDeciles: AliveDecile[]
  byFrequency: FrequencyRow[]
}

export interface Evaluation {
  bgnbd: BgNbdFit
  gammaGamma: GammaGammaFit | null
  holdout: HoldoutCheck
}

/** Fits both models on the calibration histories and checks them on the holdout of `holdoutLength` units. */
export function evaluate(histories: readonly CustomerHistory[], holdoutLength: number): Evaluation {
  const bgnbd = fitBgNbd(histories)
  const spenders = histories.flatMap((h) =>
    h.frequency > 0 && h.meanRepeatValue !== null && h.meanRepeatValue > 0
      ? [{ frequency: h.frequency, meanValue: h.meanRepeatValue }]
      : [],
  )
  const gammaGamma = spenders.length > 0 ? fitGammaGamma(spenders) : null
  return { bgnbd, gammaGamma, holdout: checkHoldout(bgnbd.params, gammaGamma, histories, holdoutLength) }
}

export function checkHoldout(
  params: BgNbdParams,
  gammaGamma: GammaGammaFit | null,
  histories: readonly CustomerHistory[],
  holdoutLength: number,
): HoldoutCheck {
  const rows = histories.map((h) => ({
    h,
    predicted: expectedOrders(params, h, holdoutLength),
    naive: h.age > 0 ? (h.frequency / h.age) * holdoutLength : 0,
    pAlive: probabilityAlive(params, h),
    pBuying: 1 - probabilityNoOrder(params, h, holdoutLength),
  }))
  const n = rows.length || 1
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0)
  return {
    customers: rows.length,
    actual: sum((r) => r.h.holdoutPurchases),
    predicted: sum((r) => r.predicted),
    maePerCustomer: sum((r) => Math.abs(r.predicted - r.h.holdoutPurchases)) / n,
    naivePredicted: sum((r) => r.naive),
    naiveMae: sum((r) => Math.abs(r.naive - r.h.holdoutPurchases)) / n,
    orderValue: gammaGamma ? orderValueCheck(gammaGamma, histories) : null,
    pAliveDeciles: deciles(rows),
    byFrequency: byFrequency(rows),
  }
}

function orderValueCheck(fit: GammaGammaFit, histories: readonly CustomerHistory[]) {
  let predicted = 0
  let actual = 0
  let purchases = 0
  for (const h of histories) {
    if (h.holdoutPurchases === 0) continue
    const spend = h.meanRepeatValue === null ? null : { frequency: h.frequency, meanValue: h.meanRepeatValue }
    const expected = expectedOrderValue(fit.params, spend)
    if (expected === null) continue
    predicted += expected * h.holdoutPurchases
    actual += h.holdoutValue
    purchases += h.holdoutPurchases
  }
  return purchases === 0 ? null : { predicted: predicted / purchases, actual: actual / purchases }
}

type Row = { h: CustomerHistory; predicted: number; pAlive: number; pBuying: number }

function deciles(rows: readonly Row[]): AliveDecile[] {
  const ranked = [...rows].sort((p, q) => p.pAlive - q.pAlive)
  const out: AliveDecile[] = []
  for (let d = 0; d < 10; d++) {
    const group = ranked.slice(
      Math.floor((d * ranked.length) / 10),
      Math.floor(((d + 1) * ranked.length) / 10),
    )
    if (group.length === 0) continue
    const mean = (f: (r: Row) => number) => group.reduce((s, r) => s + f(r), 0) / group.length
    out.push({
      decile: d + 1,
      customers: group.length,
      meanPAlive: mean((r) => r.pAlive),
      predictedShareBuying: mean((r) => r.pBuying),
      actualShareBuying: mean((r) => (r.h.holdoutPurchases > 0 ? 1 : 0)),
    })
  }
  return out
}

const TOP_FREQUENCY = 7

function byFrequency(rows: readonly Row[]): FrequencyRow[] {
  const groups = new Map<number, Row[]>()
  for (const r of rows) {
    const k = Math.min(r.h.frequency, TOP_FREQUENCY)
    groups.set(k, [...(groups.get(k) ?? []), r])
  }
  return [...groups.entries()]
    .sort(([p], [q]) => p - q)
    .map(([k, group]) => ({
      frequency: k === TOP_FREQUENCY ? `${k}+` : String(k),
      customers: group.length,
      predicted: group.reduce((s, r) => s + r.predicted, 0) / group.length,
      actual: group.reduce((s, r) => s + r.h.holdoutPurchases, 0) / group.length,
    }))
}
