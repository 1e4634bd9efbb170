import { criticalValue, twoSidedP } from './distributions.js'
import { sequentialHalfWidth } from './sequential.js'
import type { AnalysisOptions, Estimate, Interval } from './types.js'

/**
 * An estimator's point estimate with its (asymptotically normal or t) sampling distribution: everything an
 * interval, a p-value or a confidence sequence needs. Money figures are these scaled, so they share it.
 */
export interface Moments {
  estimate: number
  standardError: number
  /** Degrees of freedom of the t reference distribution; `NORMAL_DOF` for a z statistic. */
  dof: number
  /** Customers in both arms: the time axis of the confidence sequence. */
  sampleSize: number
}

/** `factor × estimate + shift`: the moments of a figure that is a fixed linear function of another. */
export function scaleMoments(moments: Moments, factor: number, shift = 0): Moments {
  return {
    ...moments,
    estimate: factor * moments.estimate + shift,
    standardError: Math.abs(factor) * moments.standardError,
  }
}

/**
 * The reported estimate: fixed-horizon interval and p-value, and the always-valid interval beside them when
 * enabled. `pValue` overrides the Wald p-value where the test uses another standard error (prop.test pools
 * the arms under the null). `bounds` clips intervals to the figure's possible range, as R's prop.test does.
 * Null when any figure would not be finite, so no NaN reaches a report.
 */
export function toEstimate(
  moments: Moments,
  options: AnalysisOptions,
  pValue?: number,
  bounds: Interval = { lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY },
): Estimate | null {
  const { estimate, standardError, dof, sampleSize } = moments
  if (!Number.isFinite(estimate) || !Number.isFinite(standardError) || !(standardError > 0)) return null
  const clip = (center: number, halfWidth: number): Interval => ({
    lower: Math.max(bounds.lower, center - halfWidth),
    upper: Math.min(bounds.upper, center + halfWidth),
  })
  const fixed = clip(estimate, criticalValue(options.confidence, dof) * standardError)
  const sequential = options.sequential.enabled
    ? clip(
        estimate,
        sequentialHalfWidth(standardError, sampleSize, 1 - options.confidence, options.sequential.tuning),
      )
    : null
  const p = pValue ?? twoSidedP(estimate / standardError, dof)
  const figures = [fixed.lower, fixed.upper, sequential?.lower ?? 0, sequential?.upper ?? 0, p]
  if (!figures.every(Number.isFinite)) return null
  return { estimate, interval: sequential ?? fixed, fixed, sequential, pValue: p }
}
