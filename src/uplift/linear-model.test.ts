import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fitLogistic, fitRidge, predictLinear } from './linear-model.js'

// 40 rows, 3 features and two outcomes made by formulas, so SciPy could be given the very same numbers:
//   X[i] = [i % 7, (i² % 11) / 3, round(sin i, 4)], y[i] = ((7i % 5 < 2) xor (i % 7 > 4)),
//   s[i] = round(2 + 0.5 X[i,0] − X[i,1] + (3i % 4) / 2, 3)
const n = 40
const rows = Array.from({ length: n }, (_, i) => [
  i % 7,
  ((i * i) % 11) / 3,
  Math.round(Math.sin(i) * 1e4) / 1e4,
])
const y = Array.from({ length: n }, (_, i) => ((i * 7) % 5 < 2 !== i % 7 > 4 ? 1 : 0))
const s = rows.map((r, i) => Math.round((2 + 0.5 * r[0]! - r[1]! + ((i * 3) % 4) / 2) * 1000) / 1000)

const closeAll = (actual: number[], expected: number[], tolerance: number) => {
  for (const [j, e] of expected.entries())
    assert.ok(Math.abs(actual[j]! - e) < tolerance, `coefficient ${j}: ${actual[j]} differs from ${e}`)
}

test('penalised logistic regression finds the optimum SciPy finds for the same objective', () => {
  // scipy.optimize.minimize(BFGS, gtol=1e-11) of Σ log(1+e^η) − yη + λ/2 |β|² on features standardised
  // with numpy's std (ddof 0), intercept unpenalised: [intercept, β1, β2, β3]
  const penalised = fitLogistic(rows, y, { l2: 1 })
  closeAll(
    [penalised.intercept, ...penalised.coefficients],
    [-0.20828476217488048, 0.24283179323905948, 0.3381994361557527, -0.030431075744782276],
    1e-6,
  )
  const plain = fitLogistic(rows, y, { l2: 0 })
  closeAll(
    [plain.intercept, ...plain.coefficients],
    [-0.2103067147313332, 0.2755336877873047, 0.3799444527068179, -0.033219219385939955],
    1e-6,
  )
  const p = predictLinear(penalised, rows[3]!)
  const eta =
    penalised.intercept +
    penalised.coefficients.reduce(
      (sum, b, j) => sum + b * ((rows[3]![j]! - penalised.mean[j]!) / penalised.scale[j]!),
      0,
    )
  assert.ok(Math.abs(p - 1 / (1 + Math.exp(-eta))) < 1e-15)
})

test('ridge regression solves the penalised normal equations as numpy.linalg.solve does', () => {
  // numpy.linalg.solve(AᵀA + 2·diag(0,1,1,1), Aᵀs) with A = [1, standardised X]
  const model = fitRidge(rows, s, { l2: 2 })
  closeAll(
    [model.intercept, ...model.coefficients],
    [2.8792250000000004, 0.9762385808222122, -0.9251969539020983, 0.023996821064013733],
    1e-9,
  )
})

test('a constant feature or an outcome that never varies still gives a finite model', () => {
  const constant = rows.map((r) => [...r, 5])
  const model = fitLogistic(constant, y, { l2: 1 })
  assert.equal(model.coefficients[3], 0)
  const never = fitLogistic(rows, new Array(n).fill(0), { l2: 1 })
  assert.ok(Number.isFinite(never.intercept) && predictLinear(never, rows[0]!) < 1e-3)
})
