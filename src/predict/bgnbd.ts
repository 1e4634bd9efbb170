/**
 * The BG/NBD model of Fader, Hardie and Lee, "Counting your customers the easy way" (Marketing Science 24(2),
 * 2005): while alive a customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they drop out
 * with probability p ~ Beta(a, b). Equation numbers below are the paper's.
 */
import betaln from '@stdlib/math-base-special-betaln'
import gammaln from '@stdlib/math-base-special-gammaln'
import hyp2f1 from '@stdlib/math-base-special-hyp2f1'
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile'
import { minimiseFromStarts } from './optimise.js'

export interface BgNbdParams {
  r: number
  alpha: number
  a: number
  b: number
}

/** A customer's history as the model reads it, in one time unit (weeks for CDNOW, days in the product). */
export interface RfmSummary {
  /** Repeat purchases: purchases after the first (one per day). */
  frequency: number
  /** Time from the first purchase to the last one. */
  recency: number
  /** Time from the first purchase to the end of the calibration period. */
  age: number
}

export interface BgNbdFit {
  params: BgNbdParams
  logLikelihood: number
  converged: boolean
  problem: string | null
}

/**
 * Equation 6: the log-likelihood of one customer's (x, tₓ, T), summed over customers. The gamma and beta
 * terms depend on x alone, so they are taken once per distinct frequency: a fit evaluates this thousands of
 * times, and per customer only two logarithms remain.
 */
export function bgnbdLogLikelihood(params: BgNbdParams, customers: readonly RfmSummary[]): number {
  const { r, alpha, a, b } = params
  const lnBab = betaln(a, b)
  const base = r * Math.log(alpha) - gammaln(r) - lnBab
  const byFrequency: Array<{ common: number; alive: number; dropped: number } | undefined> = []
  let total = 0
  for (const { frequency: x, recency: tx, age: T } of customers) {
    let terms = byFrequency[x]
    if (!terms) {
      terms = {
        common: base + gammaln(r + x),
        alive: betaln(a, b + x),
        dropped: x > 0 ? betaln(a + 1, b + x - 1) : Number.NEGATIVE_INFINITY,
      }
      byFrequency[x] = terms
    }
    const alive = terms.alive - (r + x) * Math.log(alpha + T)
    total +=
      terms.common + (x === 0 ? alive : logAddExp(alive, terms.dropped - (r + x) * Math.log(alpha + tx)))
  }
  return total
}

function logAddExp(p: number, q: number): number {
  const top = Math.max(p, q)
  return top + Math.log(Math.exp(p - top) + Math.exp(q - top))
}

/**
 * Maximum-likelihood fit over log-parameters (all four are positive) from several starts. The likelihood's
 * scale grows with the customers, so it is minimised per customer: the optimiser's tolerances then mean
 * the same on 2,000 customers as on 200,000.
 */
export function fitBgNbd(customers: readonly RfmSummary[]): BgNbdFit {
  if (customers.length === 0) throw new RangeError('no customers to fit')
  const n = customers.length
  const meanAge = customers.reduce((s, c) => s + c.age, 0) / n
  const objective = ([lr, la, lA, lB]: number[]) =>
    (lr ?? 0) > MAX_LOG_SHAPE || (lA ?? 0) > MAX_LOG_SHAPE || (lB ?? 0) > MAX_LOG_SHAPE
      ? Number.POSITIVE_INFINITY
      : -bgnbdLogLikelihood(
          { r: Math.exp(lr ?? 0), alpha: Math.exp(la ?? 0), a: Math.exp(lA ?? 0), b: Math.exp(lB ?? 0) },
          customers,
        ) / n
  const scale = Math.log(Math.max(meanAge, 1e-6) / 10)
  const starts = [
    [Math.log(0.5), scale, Math.log(0.5), Math.log(2)],
    [Math.log(1.5), scale + 1, Math.log(1.5), Math.log(4)],
    [Math.log(0.2), scale - 1, Math.log(0.3), Math.log(1)],
  ]
  const best = minimiseFromStarts(objective, starts)
  const [lr, la, lA, lB] = best.x
  return {
    params: { r: Math.exp(lr ?? 0), alpha: Math.exp(la ?? 0), a: Math.exp(lA ?? 0), b: Math.exp(lB ?? 0) },
    logLikelihood: -best.value * n,
    converged: best.converged,
    problem: best.problem,
  }
}

/**
 * P(alive | x, tₓ, T), equation 11 (from the paper's technical note): a customer with no repeat purchase
 * has not had the chance to drop out (dropout follows a purchase), so is alive.
 */
export function probabilityAlive(params: BgNbdParams, c: RfmSummary): number {
  const { r, alpha, a, b } = params
  if (c.frequency === 0) return 1
  const x = c.frequency
  const logRatio = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + c.age) / (alpha + c.recency))
  return 1 / (1 + Math.exp(logRatio))
}

/**
 * E[Y(t) | x, tₓ, T], equation 10: expected purchases in the next `t` units. The paper's form multiplies a
 * vanishing power by a ₂F₁(r+x, b+x; a+b+x−1; z) that grows past 1e28 for a frequent buyer; Euler's
 * transformation ₂F₁(a, b; c; z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z) folds the power in, leaving a ₂F₁
 * whose first two parameters do not grow with x, so the product is computed without overflow or
 * cancellation.
 */
export function expectedOrders(params: BgNbdParams, c: RfmSummary, t: number): number {
  return expectedOrdersIfAlive(params, c, t) * probabilityAlive(params, c)
}

/**
 * Equation 10's numerator: the expected purchases of a customer known to be alive (their rate's posterior
 * Gamma(r+x, α+T), their dropout's Beta(a, b+x)). What the shop loses if they have in fact left.
 */
export function expectedOrdersIfAlive(params: BgNbdParams, c: RfmSummary, t: number): number {
  if (t <= 0) return 0
  const { r, alpha, b } = params
  if (params.a > DEGENERATE || b > DEGENERATE) return expectedOrdersOverDropout(params, c, t)
  // At a = 1 the factor (a+b+x−1)/(a−1) and the bracket both vanish; their limit is taken a hair away.
  const a = Math.abs(params.a - 1) < NEAR_ONE ? 1 + NEAR_ONE : params.a
  const x = c.frequency
  const z = t / (alpha + c.age + t)
  const powerTimesF = Math.exp((a - 1) * Math.log1p(-z)) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
  const closed = ((a + b + x - 1) / (a - 1)) * (1 - powerTimesF)
  return Number.isFinite(closed) && closed >= 0 ? closed : expectedOrdersOverDropout(params, c, t)
}

/**
 * The shapes stop at 10,000. r and α run off to infinity together when every customer buys at about the
 * same rate (the likelihood is flat along r/α fixed), a and b when everyone drops out with about the same p:
 * at a shape of 10,000 the Gamma or Beta is a point (a coefficient of variation of 1%), and without the
 * bound the starts wander the flat ridge to different places and cannot agree.
 */
export const MAX_LOG_SHAPE = Math.log(10_000)

/** Beta parameters past this mean a dropout probability the same for everyone; the ₂F₁ series then crawls. */
const DEGENERATE = 1000
const QUADRATURE_POINTS = 400

/**
 * The same expectation as an average over the dropout probability's posterior Beta(a, b+x), taken at its
 * quantiles: given p, an alive customer's purchases in t are (1 − ((α+T)/(α+T+pt))^(r+x)) / p (the paper's
 * E[X(t) | λ, p] = (1 − e^(−λpt))/p averaged over the rate's posterior). For a fit whose a and b run to
 * millions (every customer drops out with about the same p: the Beta has narrowed to a point), the ₂F₁
 * overflows while this stays exact to the grid.
 */
function expectedOrdersOverDropout(params: BgNbdParams, c: RfmSummary, t: number): number {
  const { r, alpha } = params
  const shape = r + c.frequency
  let total = 0
  for (const p of dropoutGrid(params, c.frequency)) {
    const ratio = Math.log((alpha + c.age) / (alpha + c.age + p * t))
    // (1 − e^(shape·ratio)) / p, with p → 0 tending to shape·t/(α+T).
    total += p > 1e-12 ? -Math.expm1(shape * ratio) / p : (shape * t) / (alpha + c.age)
  }
  return total / QUADRATURE_POINTS
}

// The grid depends on (a, b, x) alone: kept for the last parameters seen, as a forecast run uses one fit.
let gridOf: { a: number; b: number; byFrequency: Map<number, Float64Array> } = {
  a: 0,
  b: 0,
  byFrequency: new Map(),
}

function dropoutGrid(params: BgNbdParams, frequency: number): Float64Array {
  if (gridOf.a !== params.a || gridOf.b !== params.b)
    gridOf = { a: params.a, b: params.b, byFrequency: new Map() }
  let grid = gridOf.byFrequency.get(frequency)
  if (!grid) {
    grid = new Float64Array(QUADRATURE_POINTS)
    for (let i = 0; i < QUADRATURE_POINTS; i++)
      grid[i] = betaQuantile((i + 0.5) / QUADRATURE_POINTS, params.a, params.b + frequency)
    gridOf.byFrequency.set(frequency, grid)
  }
  return grid
}

const NEAR_ONE = 1e-7

/**
 * P(no purchase in the next `t` | x, tₓ, T): a dead customer buys nothing; an alive one buys nothing with
 * probability ((α+T)/(α+T+t))^(r+x), their rate's posterior being Gamma(r+x, α+T) (and an alive
 * customer who does not buy cannot drop out, since dropout follows a purchase).
 */
export function probabilityNoOrder(params: BgNbdParams, c: RfmSummary, t: number): number {
  const alive = probabilityAlive(params, c)
  const { r, alpha } = params
  return 1 - alive + alive * Math.exp((r + c.frequency) * Math.log((alpha + c.age) / (alpha + c.age + t)))
}

/**
 * The median wait for the next purchase of a customer still alive: under the Gamma(r+x, α+T) rate the
 * wait is Lomax, P(wait > s) = ((α+T)/(α+T+s))^(r+x). The median, not the mean, because the mean is
 * infinite when r+x ≤ 1 (a customer with no repeat purchase yet, often).
 */
export function medianWaitIfAlive(params: BgNbdParams, c: RfmSummary): number {
  return (params.alpha + c.age) * (2 ** (1 / (params.r + c.frequency)) - 1)
}
