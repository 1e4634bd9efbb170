/**
 * L2-regularised linear models on standardised features: logistic regression fitted by Newton's method
 * (IRLS) and ridge regression solved exactly. Standardising first makes one penalty fair to every feature;
 * the intercept is never penalised.
 */
import { z } from 'zod'
import { solveSymmetric } from './linear-algebra.js'

/** A fitted model: features are centred and scaled, then weighted. */
export interface LinearModel {
  link: 'logit' | 'identity'
  mean: number[]
  scale: number[]
  intercept: number
  coefficients: number[]
}

/** The stored form of a LinearModel, checked when a model is loaded. */
export const linearModelSchema = z
  .object({
    link: z.enum(['logit', 'identity']),
    mean: z.array(z.number()),
    scale: z.array(z.number().positive()),
    intercept: z.number(),
    coefficients: z.array(z.number()),
  })
  .refine((m) => m.mean.length === m.coefficients.length && m.scale.length === m.coefficients.length, {
    message: 'mean, scale and coefficients must have one entry per feature',
  })

export interface FitOptions {
  /** Penalty λ on the sum of squared coefficients (as 1/C in scikit-learn: loss sum + λ/2 · |β|²). */
  l2: number
  /** Optional factor per feature multiplying l2 (to shrink some coefficients harder); 1 when absent. */
  penaltyFactors?: readonly number[]
}

function standardisation(rows: readonly (readonly number[])[], d: number) {
  const mean = new Array<number>(d).fill(0)
  const scale = new Array<number>(d).fill(0)
  for (const row of rows) for (let j = 0; j < d; j++) mean[j]! += row[j]! / rows.length
  for (const row of rows) for (let j = 0; j < d; j++) scale[j]! += (row[j]! - mean[j]!) ** 2 / rows.length
  // A constant column gets scale 1: its centred values are all 0, so its coefficient stays 0.
  for (let j = 0; j < d; j++) scale[j] = scale[j]! > 1e-24 ? Math.sqrt(scale[j]!) : 1
  return { mean, scale }
}

/** Row-major design matrix with a leading column of ones. */
function design(rows: readonly (readonly number[])[], mean: number[], scale: number[]): Float64Array {
  const p = mean.length + 1
  const x = new Float64Array(rows.length * p)
  rows.forEach((row, i) => {
    x[i * p] = 1
    for (let j = 0; j < mean.length; j++) x[i * p + j + 1] = (row[j]! - mean[j]!) / scale[j]!
  })
  return x
}

/** The penalty of each coefficient, the intercept's (0) first. */
function penalties(d: number, options: FitOptions): Float64Array {
  const out = new Float64Array(d + 1)
  for (let j = 0; j < d; j++) out[j + 1] = options.l2 * (options.penaltyFactors?.[j] ?? 1)
  return out
}

/** Xᵀ diag(w) X + diag(λ) (the intercept's λ is 0), and Xᵀ r. */
function normalEquations(
  x: Float64Array,
  n: number,
  p: number,
  w: Float64Array,
  r: Float64Array,
  l2: Float64Array,
) {
  const a = new Float64Array(p * p)
  const b = new Float64Array(p)
  for (let i = 0; i < n; i++) {
    const wi = w[i]!
    const ri = r[i]!
    const off = i * p
    for (let j = 0; j < p; j++) {
      const xij = x[off + j]!
      b[j]! += xij * ri
      const wx = wi * xij
      for (let k = 0; k <= j; k++) a[j * p + k]! += wx * x[off + k]!
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) a[k * p + j] = a[j * p + k]!
  for (let j = 1; j < p; j++) a[j * p + j]! += l2[j]!
  a[0]! += 1e-10 // keeps the system definite when every row has the same outcome
  return { a, b }
}

function linearPredictor(x: Float64Array, i: number, p: number, beta: Float64Array): number {
  let eta = 0
  for (let j = 0; j < p; j++) eta += x[i * p + j]! * beta[j]!
  return eta
}

/** log(1 + e^η) without overflow. */
const softplus = (eta: number) => (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta)))
const sigmoid = (eta: number) => 1 / (1 + Math.exp(-eta))

/** Checks the input, standardises the features and builds the design matrix and the penalties. */
function prepare(rows: readonly (readonly number[])[], y: ArrayLike<number>, options: FitOptions) {
  if (rows.length === 0) throw new RangeError('no rows to fit')
  if (rows.length !== y.length) throw new RangeError(`${rows.length} rows but ${y.length} outcomes`)
  if (!(options.l2 >= 0)) throw new RangeError(`l2 must be 0 or more, got ${options.l2}`)
  const d = rows[0]!.length
  const { mean, scale } = standardisation(rows, d)
  return { n: rows.length, p: d + 1, mean, scale, x: design(rows, mean, scale), l2: penalties(d, options) }
}

/** Penalised objective: Σ (log(1 + e^ηᵢ) − yᵢ ηᵢ) + Σ λⱼ/2 βⱼ². */
function logisticObjective(x: Float64Array, y: ArrayLike<number>, beta: Float64Array, l2: Float64Array) {
  const p = beta.length
  const n = y.length
  let loss = 0
  for (let i = 0; i < n; i++) {
    const eta = linearPredictor(x, i, p, beta)
    loss += softplus(eta) - y[i]! * eta
  }
  for (let j = 1; j < p; j++) loss += (l2[j]! / 2) * beta[j]! ** 2
  return loss
}

/** L2-regularised logistic regression of y ∈ [0, 1] on rows, by Newton steps with step halving. */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  y: ArrayLike<number>,
  options: FitOptions,
): LinearModel {
  const { n, p, mean, scale, x, l2 } = prepare(rows, y, options)
  const beta = new Float64Array(p)
  let objective = logisticObjective(x, y, beta, l2)
  const w = new Float64Array(n)
  const r = new Float64Array(n)
  for (let iteration = 0; iteration < 100; iteration++) {
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(linearPredictor(x, i, p, beta))
      w[i] = mu * (1 - mu)
      r[i] = y[i]! - mu
    }
    const { a, b } = normalEquations(x, n, p, w, r, l2)
    for (let j = 1; j < p; j++) b[j]! -= l2[j]! * beta[j]! // gradient of the penalty
    const step = solveSymmetric(a, b)
    let size = 1
    let next = beta.map((v, j) => v + step[j]!)
    let nextObjective = logisticObjective(x, y, next, l2)
    while (nextObjective > objective && size > 1e-6) {
      size /= 2
      next = beta.map((v, j) => v + size * step[j]!)
      nextObjective = logisticObjective(x, y, next, l2)
    }
    beta.set(next)
    const converged = objective - nextObjective <= 1e-12 * (1 + Math.abs(objective))
    objective = nextObjective
    if (converged) break
  }
  return { link: 'logit', mean, scale, intercept: beta[0]!, coefficients: Array.from(beta.subarray(1)) }
}

/** Ridge regression: least squares plus λ |β|², solved exactly. */
export function fitRidge(
  rows: readonly (readonly number[])[],
  y: ArrayLike<number>,
  options: FitOptions,
): LinearModel {
  const { n, p, mean, scale, x, l2 } = prepare(rows, y, options)
  // λ/2 in the normal equations of Σ (y − η)² / 2 + λ/2 |β|², the same scale as the logistic loss
  const { a, b } = normalEquations(x, n, p, new Float64Array(n).fill(1), Float64Array.from(y), l2)
  const beta = solveSymmetric(a, b)
  return { link: 'identity', mean, scale, intercept: beta[0]!, coefficients: Array.from(beta.subarray(1)) }
}

/** The model's prediction for one row: a probability (logit link) or a value (identity link). */
export function predictLinear(model: LinearModel, row: readonly number[]): number {
  let eta = model.intercept
  for (let j = 0; j < model.coefficients.length; j++)
    eta += (model.coefficients[j]! * (row[j]! - model.mean[j]!)) / model.scale[j]!
  return model.link === 'logit' ? sigmoid(eta) : eta
}
