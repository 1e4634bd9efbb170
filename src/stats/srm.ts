import { chiSquareUpperTail } from './distributions.js'

/** GrowthBook and Eppo flag a sample ratio mismatch below this p-value. */
export const SRM_THRESHOLD = 0.001

export interface SampleRatioCheck {
  chiSquare: number
  pValue: number
  mismatch: boolean
}

/**
 * Sample-ratio-mismatch check: Pearson's chi-square goodness of fit of the observed split against the
 * designed holdout share (1 degree of freedom; GrowthBook's `check_srm`, SciPy's `chisquare`). A mismatch
 * means assignment or exposure logging is broken, and then no figure of the report can be trusted. Null with
 * nobody exposed or a design without two arms.
 */
export function sampleRatioCheck(
  treatmentN: number,
  holdoutN: number,
  holdoutShare: number,
): SampleRatioCheck | null {
  const total = treatmentN + holdoutN
  if (total <= 0 || !(holdoutShare > 0 && holdoutShare < 1)) return null
  const expectedH = total * holdoutShare
  const expectedT = total - expectedH
  const chiSquare = (holdoutN - expectedH) ** 2 / expectedH + (treatmentN - expectedT) ** 2 / expectedT
  const pValue = chiSquareUpperTail(chiSquare, 1)
  return { chiSquare, pValue, mismatch: pValue < SRM_THRESHOLD }
}
