import { NORMAL_DOF, twoSidedP } from './distributions.js'
import type { Moments } from './estimate.js'
import type { ArmSummary } from './types.js'

/** The conversion lift of treatment over holdout: absolute (rate difference) and relative (÷ holdout rate). */
export interface ConversionMoments {
  absolute: Moments
  relative: Moments
  /** Two-sided p-value of R's `prop.test(c(xT, xH), c(nT, nH), correct = FALSE)`. */
  pValue: number
}

/**
 * Two-proportion comparison. The absolute interval is R's `prop.test(correct = FALSE)` (Wald: unpooled
 * standard error, normal quantile); its p-value is the Pearson chi-square of the 2×2 table, which pools the
 * arms under the null. The relative lift (pT − pH) / pH has the delta-method standard error GrowthBook uses
 * (`frequentist_variance(..., relative=True)`: the arms independent, variance p(1 − p) per customer).
 * Null when an arm has fewer than 2 customers, nobody (or everybody) converted in both arms, or the holdout
 * has no conversions (no baseline to be relative to).
 */
export function conversionMoments(treatment: ArmSummary, holdout: ArmSummary): ConversionMoments | null {
  const { n: nT, converted: xT } = treatment
  const { n: nH, converted: xH } = holdout
  if (nT < 2 || nH < 2 || xH === 0) return null
  const pT = xT / nT
  const pH = xH / nH
  const pooled = (xT + xH) / (nT + nH)
  const pooledVariance = pooled * (1 - pooled) * (1 / nT + 1 / nH)
  const varianceT = (pT * (1 - pT)) / nT
  const varianceH = (pH * (1 - pH)) / nH
  if (!(pooledVariance > 0) || !(varianceT + varianceH > 0)) return null
  const sampleSize = nT + nH
  const relativeVariance = varianceT / pH ** 2 + (varianceH * pT ** 2) / pH ** 4
  return {
    absolute: {
      estimate: pT - pH,
      standardError: Math.sqrt(varianceT + varianceH),
      dof: NORMAL_DOF,
      sampleSize,
    },
    relative: {
      estimate: (pT - pH) / pH,
      standardError: Math.sqrt(relativeVariance),
      dof: NORMAL_DOF,
      sampleSize,
    },
    pValue: twoSidedP((pT - pH) / Math.sqrt(pooledVariance), NORMAL_DOF),
  }
}
