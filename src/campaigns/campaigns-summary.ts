import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'
import type { Estimate, Interval } from '../stats/index.js'
import type { CampaignReport } from './report.js'

/** One campaign in the all-campaigns summary. */
export interface CampaignSummaryRow {
  campaignId: string
  name: string
  state: string
  trigger: string
  report: Pick<CampaignReport, 'entered' | 'windowsOpen' | 'overall'>
}

/** What several campaigns added together: estimates summed, fixed-horizon intervals combined. */
export interface CampaignTotals {
  campaigns: number
  exposed: { treatment: number; holdout: number }
  incrementalOrders: SummedEstimate | null
  incrementalRevenue: SummedEstimate | null
  incrementalProfit: SummedEstimate | null
  discountCost: number
  messageCost: number
  /** Discount paid to customers who would have ordered anyway. */
  discountToSureThings: number
}

/** A sum of independent campaigns' estimates with a fixed-horizon interval (their variances add). */
export interface SummedEstimate {
  estimate: number
  fixed: Interval
  /** Campaigns with no estimate yet, left out of the sum. */
  missing: number
}

/**
 * Pure: independent estimates added, their standard errors (read back from each fixed-horizon interval's
 * half-width) combined in quadrature. Only the fixed-horizon interval: confidence sequences of separate
 * campaigns do not add up to one. Null when no campaign has an estimate.
 */
export function sumEstimates(
  estimates: ReadonlyArray<Estimate | null>,
  confidence: number,
): SummedEstimate | null {
  const z = normalQuantile(0.5 + confidence / 2, 0, 1)
  const known = estimates.filter((e): e is Estimate => e !== null)
  if (known.length === 0) return null
  const estimate = known.reduce((sum, e) => sum + e.estimate, 0)
  const variance = known.reduce((sum, e) => sum + ((e.fixed.upper - e.fixed.lower) / (2 * z)) ** 2, 0)
  const half = z * Math.sqrt(variance)
  return {
    estimate,
    fixed: { lower: estimate - half, upper: estimate + half },
    missing: estimates.length - known.length,
  }
}

/** Pure: the totals of some campaigns' reports. */
export function campaignTotals(rows: readonly CampaignSummaryRow[], confidence: number): CampaignTotals {
  const money = rows.map((r) => r.report.overall.analysis.money)
  const arms = rows.map((r) => r.report.overall.analysis.arms)
  const add = (values: number[]) => values.reduce((a, b) => a + b, 0)
  return {
    campaigns: rows.length,
    exposed: { treatment: add(arms.map((a) => a.treatment.n)), holdout: add(arms.map((a) => a.holdout.n)) },
    incrementalOrders: sumEstimates(
      money.map((m) => m.incrementalOrders),
      confidence,
    ),
    incrementalRevenue: sumEstimates(
      money.map((m) => m.incrementalRevenue),
      confidence,
    ),
    incrementalProfit: sumEstimates(
      money.map((m) => m.incrementalProfit),
      confidence,
    ),
    discountCost: add(money.map((m) => m.discountCost)),
    messageCost: add(money.map((m) => m.messageCost)),
    discountToSureThings: add(money.map((m) => m.promotionDilemma?.discount ?? 0)),
  }
}

/** The all-campaigns report: each campaign's overall figures and verdict, totals, and totals per trigger. */
export interface CampaignsReport {
  asOf: string
  currency: string | null
  campaigns: CampaignSummaryRow[]
  totals: CampaignTotals
  byTrigger: Array<{ trigger: string; totals: CampaignTotals }>
}

/** Pure: the all-campaigns report from each campaign's row. */
export function campaignsReport(
  rows: CampaignSummaryRow[],
  context: { asOf: string; currency: string | null; confidence: number },
): CampaignsReport {
  const triggers = [...new Set(rows.map((r) => r.trigger))].sort()
  return {
    asOf: context.asOf,
    currency: context.currency,
    campaigns: rows,
    totals: campaignTotals(rows, context.confidence),
    byTrigger: triggers.map((trigger) => ({
      trigger,
      totals: campaignTotals(
        rows.filter((r) => r.trigger === trigger),
        context.confidence,
      ),
    })),
  }
}
