/** Small dense linear algebra for the model fits: the systems are d × d with d the number of features. */

/**
 * Solves A x = b for a symmetric positive-definite A (row-major, d × d) by Cholesky decomposition.
 * Throws when A is not positive definite (a fit's Hessian always is, as it carries a ridge term).
 */
export function solveSymmetric(a: Float64Array, b: Float64Array): Float64Array {
  const d = b.length
  const l = new Float64Array(d * d)
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j]!
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!
      if (i === j) {
        if (!(sum > 0)) throw new RangeError('the system is not positive definite')
        l[i * d + i] = Math.sqrt(sum)
      } else l[i * d + j] = sum / l[j * d + j]!
    }
  }
  const z = new Float64Array(d)
  for (let i = 0; i < d; i++) {
    let sum = b[i]!
    for (let k = 0; k < i; k++) sum -= l[i * d + k]! * z[k]!
    z[i] = sum / l[i * d + i]!
  }
  const x = new Float64Array(d)
  for (let i = d - 1; i >= 0; i--) {
    let sum = z[i]!
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i]! * x[k]!
    x[i] = sum / l[i * d + i]!
  }
  return x
}
