import type { Moments } from './estimate.js'
import type { ArmSummary } from './types.js'

/** Mean and sample variance (n − 1) of one metric in one arm, from its sum and sum of squares. */
interface MetricMoments {
  n: number
  mean: number
  variance: number
}

function metricMoments(n: number, sum: number, sumSq: number): MetricMoments {
  // Rounding can leave a tiny negative sum of squared deviations when every value is equal.
  return { n, mean: sum / n, variance: Math.max(0, (sumSq - (sum * sum) / n) / (n - 1)) }
}

/** Welch–Satterthwaite degrees of freedom, as R's `t.test(var.equal = FALSE)` and GrowthBook compute them. */
function welchDof(a: MetricMoments, b: MetricMoments): number {
  const va = a.variance / a.n
  const vb = b.variance / b.n
  return (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1))
}

function welch(a: MetricMoments, b: MetricMoments, estimate: number): Moments | null {
  const se2 = a.variance / a.n + b.variance / b.n
  if (!(se2 > 0)) return null
  return { estimate, standardError: Math.sqrt(se2), dof: welchDof(a, b), sampleSize: a.n + b.n }
}

/** Which per-customer metric of the arm summaries to compare. */
export type MeanMetric = 'orders' | 'revenue'

function moments(arm: ArmSummary, metric: MeanMetric): MetricMoments {
  return metric === 'orders'
    ? metricMoments(arm.n, arm.orders, arm.ordersSq)
    : metricMoments(arm.n, arm.revenue, arm.revenueSq)
}

/**
 * Difference of the per-customer means, treatment − holdout, with Welch's standard error and degrees of
 * freedom (R `t.test(x, y, var.equal = FALSE)`). Null when an arm has fewer than 2 customers or neither arm
 * varies.
 */
export function welchMoments(treatment: ArmSummary, holdout: ArmSummary, metric: MeanMetric): Moments | null {
  if (treatment.n < 2 || holdout.n < 2) return null
  const t = moments(treatment, metric)
  const h = moments(holdout, metric)
  return welch(t, h, t.mean - h.mean)
}

/** The CUPED-adjusted revenue difference and how much of the unadjusted estimator's variance it removed. */
export interface CupedMoments {
  moments: Moments
  theta: number
  /** 1 − Var(adjusted) ÷ Var(unadjusted) of the difference; 0 when pre-period spend does not vary. */
  varianceReduction: number
}

/**
 * CUPED (Deng, Xu, Kohavi and Walker 2013) on revenue with pre-period spend X: each arm's mean becomes
 * ȳ − θ x̄ with θ = Cov(Y, X) / Var(X) over both arms pooled, as GrowthBook's `compute_theta` does, so θ
 * does not depend on the assignment and the estimator stays unbiased. The adjusted per-customer variance is
 * Var(Y) + θ² Var(X) − 2θ Cov(Y, X) within each arm, and the interval is Welch's on those variances. Null
 * exactly when the Welch revenue difference is; the unadjusted figures (θ = 0) when X does not vary.
 */
export function cupedRevenueMoments(treatment: ArmSummary, holdout: ArmSummary): CupedMoments | null {
  const unadjusted = welchMoments(treatment, holdout, 'revenue')
  if (!unadjusted) return null
  const n = treatment.n + holdout.n
  const sumX = treatment.preSpend + holdout.preSpend
  const sumY = treatment.revenue + holdout.revenue
  const varX = (treatment.preSpendSq + holdout.preSpendSq - (sumX * sumX) / n) / (n - 1)
  const covXY = (treatment.revenueXPreSpend + holdout.revenueXPreSpend - (sumX * sumY) / n) / (n - 1)
  if (!(varX > 0) || covXY === 0) return { moments: unadjusted, theta: 0, varianceReduction: 0 }
  const theta = covXY / varX
  const adjusted = (arm: ArmSummary): MetricMoments => {
    const y = metricMoments(arm.n, arm.revenue, arm.revenueSq)
    const x = metricMoments(arm.n, arm.preSpend, arm.preSpendSq)
    const cov = (arm.revenueXPreSpend - (arm.revenue * arm.preSpend) / arm.n) / (arm.n - 1)
    const variance = Math.max(0, y.variance + theta ** 2 * x.variance - 2 * theta * cov)
    return { n: arm.n, mean: y.mean - theta * x.mean, variance }
  }
  const t = adjusted(treatment)
  const h = adjusted(holdout)
  const result = welch(t, h, t.mean - h.mean)
  if (!result) return null
  const varianceReduction = 1 - result.standardError ** 2 / unadjusted.standardError ** 2
  return { moments: result, theta, varianceReduction }
}
