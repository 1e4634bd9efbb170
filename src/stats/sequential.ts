/**
 * Always-valid intervals: the asymptotic confidence sequence of Waudby-Smith, Arnold, Wu, Howard, Ramdas and
 * Wang, "Time-uniform central limit theory and asymptotic confidence sequences" (arXiv:2103.06476v7, eq. 9),
 * with ρ from their eq. 161, as GrowthBook's gbstats implements them (`sequential_interval_halfwidth`). The
 * interval holds at every look with the stated confidence, so looking daily does not inflate false
 * positives. `tuning` is the sample size (both arms together) at which the sequence is tightest: GrowthBook's
 * default 5000 suits a campaign of a few thousand customers; a larger one widens early looks and narrows
 * late ones.
 */

/** ρ of the normal mixture that makes the sequence tightest at `tuning` customers (eq. 161). */
export function sequentialRho(alpha: number, tuning: number): number {
  const twoLog = -2 * Math.log(alpha)
  return Math.sqrt((twoLog + Math.log(twoLog + 1)) / tuning)
}

/**
 * Half-width of the two-sided (1 − alpha) confidence sequence at `sampleSize` customers for an estimate with
 * standard error `standardError` (eq. 9 with the per-customer variance s² = standardError² × sampleSize).
 */
export function sequentialHalfWidth(
  standardError: number,
  sampleSize: number,
  alpha: number,
  tuning: number,
): number {
  const rho2 = sequentialRho(alpha, tuning) ** 2
  const nRho2 = sampleSize * rho2
  return standardError * Math.sqrt(((2 * (nRho2 + 1)) / nRho2) * Math.log(Math.sqrt(nRho2 + 1) / alpha))
}
