/** The best point a minimisation found, and whether it can be trusted. */
export interface Minimum {
  x: number[]
  value: number
  /** Several starts agree on the value and the last restart did not move it. */
  converged: boolean
  /** Why it did not converge (null when it did). */
  problem: string | null
}

const RESTARTS = 8
/** Two minima closer than this in the objective (a per-customer negative log-likelihood) are the same. */
const AGREEMENT = 1e-7

/**
 * Minimises `f` from several starts with Nelder-Mead, restarting the best simplex until a restart no
 * longer improves it: a simplex can collapse on a ridge, and a fresh one around the same point gets off
 * it. Converged means at least two starts reached the same value (the likelihood's maximum, not a local
 * bump) and the last restart settled.
 */
export function minimiseFromStarts(f: (x: number[]) => number, starts: readonly number[][]): Minimum {
  const guarded = (x: number[]) => {
    const v = f(x)
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY
  }
  const results = starts.map((start) => polish(guarded, start)).sort((p, q) => p.value - q.value)
  const best = results[0]
  if (!best || !Number.isFinite(best.value))
    return {
      x: best?.x ?? [],
      value: Number.NaN,
      converged: false,
      problem: 'the likelihood is not finite at any start',
    }
  const agreeing = results.filter(
    (r) => r.value - best.value <= AGREEMENT * Math.max(1, Math.abs(best.value)),
  )
  const converged = best.settled && (agreeing.length >= 2 || starts.length === 1)
  const problem = converged
    ? null
    : best.settled
      ? 'the starts reached different maxima of the likelihood'
      : 'the optimiser was still improving when it stopped'
  return { x: best.x, value: best.value, converged, problem }
}

function polish(f: (x: number[]) => number, start: readonly number[]) {
  let point = nelderMead(f, start)
  for (let i = 0; i < RESTARTS; i++) {
    const next = nelderMead(f, point.x)
    const improved = point.value - next.value
    if (next.value < point.value) point = next
    if (improved <= AGREEMENT * 1e-2 * Math.max(1, Math.abs(point.value))) return { ...point, settled: true }
  }
  return { ...point, settled: false }
}

const MAX_ITERATIONS = 5000
const TOLERANCE = 1e-11

/**
 * Nelder-Mead with the standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½; Lagarias
 * et al., SIAM J. Optim. 9(1), 1998), from a simplex of steps 0.25 along each axis (the parameters are
 * logarithms, so a quarter is a 28% change). Stops when the simplex's values and points both spread
 * less than the tolerance. The npm `fmin` package has the same algorithm but cannot be imported as ESM.
 */
export function nelderMead(
  f: (x: number[]) => number,
  start: readonly number[],
): { x: number[]; value: number } {
  const n = start.length
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + 0.25 : v)))].map((x) => ({
    x: [...x],
    value: f([...x]),
  }))
  const along = (from: number[], to: number[], t: number) => from.map((v, i) => v + t * ((to[i] ?? 0) - v))
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    simplex.sort((p, q) => p.value - q.value)
    const best = simplex[0] as { x: number[]; value: number }
    const worst = simplex[n] as { x: number[]; value: number }
    const spreadOfValues = worst.value - best.value
    const spreadOfPoints = Math.max(
      ...simplex.map((s) => Math.max(...s.x.map((v, i) => Math.abs(v - (best.x[i] ?? 0))))),
    )
    if (spreadOfValues <= TOLERANCE * Math.max(1, Math.abs(best.value)) && spreadOfPoints <= 1e-8) break
    const centroid = start.map((_, i) => simplex.slice(0, n).reduce((s, p) => s + (p.x[i] ?? 0), 0) / n)
    const evaluate = (x: number[]) => ({ x, value: f(x) })
    const reflected = evaluate(along(centroid, worst.x, -1))
    const secondWorst = simplex[n - 1] as { value: number }
    if (reflected.value < best.value) {
      const expanded = evaluate(along(centroid, worst.x, -2))
      simplex[n] = expanded.value < reflected.value ? expanded : reflected
    } else if (reflected.value < secondWorst.value) {
      simplex[n] = reflected
    } else {
      const outside = reflected.value < worst.value
      const contracted = evaluate(along(centroid, worst.x, outside ? -0.5 : 0.5))
      if (contracted.value < (outside ? reflected.value : worst.value)) simplex[n] = contracted
      else simplex = simplex.map((p, i) => (i === 0 ? p : evaluate(along(best.x, p.x, 0.5))))
    }
  }
  simplex.sort((p, q) => p.value - q.value)
  const best = simplex[0] as { x: number[]; value: number }
  return { x: best.x, value: best.value }
}
