/**
 * The Gamma-Gamma spend model of Fader, Hardie and Lee, "RFM and CLV: using iso-value curves for customer
 * base analysis" (Journal of Marketing Research 42(4), 2005), as set out in Fader and Hardie's note "The
 * Gamma-Gamma model of monetary value" (2013): a customer's order values are Gamma(p, ν) around their own
 * mean, and ν ~ Gamma(q, γ) across customers. Fitted on repeat buyers' mean repeat-order value.
 */
import gammaln from '@stdlib/math-base-special-gammaln'
import { MAX_LOG_SHAPE } from './bgnbd.js'
import { minimiseFromStarts } from './optimise.js'

export interface GammaGammaParams {
  p: number
  q: number
  gamma: number
}

/** A repeat buyer's spend: how many repeat orders, and their mean value. */
export interface SpendSummary {
  frequency: number
  meanValue: number
}

export interface GammaGammaFit {
  params: GammaGammaParams
  logLikelihood: number
  converged: boolean
  problem: string | null
}

/** The note's equation 5, the log-likelihood of the mean value m̄ of x orders, summed over customers. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, spenders: readonly SpendSummary[]): number {
  const { p, q, gamma } = params
  const lnGq = gammaln(q)
  const qLnGamma = q * Math.log(gamma)
  let total = 0
  for (const { frequency: x, meanValue: m } of spenders) {
    const px = p * x
    total +=
      gammaln(px + q) -
      gammaln(px) -
      lnGq +
      qLnGamma +
      (px - 1) * Math.log(m) +
      px * Math.log(x) -
      (px + q) * Math.log(gamma + m * x)
  }
  return total
}

export function fitGammaGamma(spenders: readonly SpendSummary[]): GammaGammaFit {
  if (spenders.length === 0) throw new RangeError('no repeat buyers to fit')
  if (spenders.some((s) => !(s.meanValue > 0) || !(s.frequency > 0)))
    throw new RangeError('every repeat buyer needs a positive mean order value and at least one repeat order')
  const n = spenders.length
  const meanValue = spenders.reduce((s, c) => s + c.meanValue, 0) / n
  const of = ([lp, lq, lg]: number[]) => ({
    p: Math.exp(lp ?? 0),
    q: Math.exp(lq ?? 0),
    gamma: Math.exp(lg ?? 0),
  })
  // q and γ run off together when every customer spends about the same on average: bounded as BG/NBD's.
  const objective = (x: number[]) =>
    x.slice(0, 2).some((v) => v > MAX_LOG_SHAPE)
      ? Number.POSITIVE_INFINITY
      : -gammaGammaLogLikelihood(of(x), spenders) / n
  const scale = Math.log(meanValue)
  const best = minimiseFromStarts(objective, [
    [Math.log(2), Math.log(2), scale],
    [Math.log(6), Math.log(4), scale],
    [Math.log(1), Math.log(3), scale - 1],
  ])
  return {
    params: of(best.x),
    logLikelihood: -best.value * n,
    converged: best.converged,
    problem: best.problem,
  }
}

/**
 * E[M | p, q, γ, m̄, x], the note's equation 6: the customer's expected order value, their own mean shrunk
 * towards the population's pγ/(q−1) the less they have bought. With no repeat orders it is the
 * population's mean (infinite when q ≤ 1, which a fit on real spend does not reach; then null).
 */
export function expectedOrderValue(params: GammaGammaParams, spend: SpendSummary | null): number | null {
  const { p, q, gamma } = params
  if (!spend || spend.frequency === 0) return q > 1 ? (p * gamma) / (q - 1) : null
  const px = p * spend.frequency
  if (px + q <= 1) return null
  return (p * (gamma + spend.meanValue * spend.frequency)) / (px + q - 1)
}
