/**
 * The few distribution functions the estimators need, from stdlib (ports of Boost and Cephes, accurate to
 * machine precision even at the million-customer degrees of freedom a Welch test reaches). Upper tails are
 * taken from the lower tail at −|x| so a small p-value keeps its digits instead of cancelling to 0 in 1 − cdf.
 */
import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'
import tCdf from '@stdlib/stats-base-dists-t-cdf'
import tQuantile from '@stdlib/stats-base-dists-t-quantile'

/** Degrees of freedom of a z statistic (the normal limit). */
export const NORMAL_DOF = Number.POSITIVE_INFINITY

/** Two-sided p-value of a statistic that is t with `dof` degrees of freedom (normal when infinite). */
export function twoSidedP(statistic: number, dof: number): number {
  const x = -Math.abs(statistic)
  return Math.min(1, 2 * (dof === NORMAL_DOF ? normalCdf(x, 0, 1) : tCdf(x, dof)))
}

/** The quantile a two-sided interval of `confidence` uses: t with `dof` degrees of freedom, or normal. */
export function criticalValue(confidence: number, dof: number): number {
  const p = 1 - (1 - confidence) / 2
  return dof === NORMAL_DOF ? normalQuantile(p, 0, 1) : tQuantile(p, dof)
}

/** Upper tail of the chi-square distribution. */
export function chiSquareUpperTail(statistic: number, dof: number): number {
  return 1 - chiSquareCdf(statistic, dof)
}
