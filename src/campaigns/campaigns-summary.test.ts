import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Estimate } from '../stats/index.js'
import { sumEstimates } from './campaigns-summary.js'

const estimate = (value: number, halfWidth: number): Estimate => ({
  estimate: value,
  interval: { lower: value - 2 * halfWidth, upper: value + 2 * halfWidth },
  fixed: { lower: value - halfWidth, upper: value + halfWidth },
  sequential: null,
  pValue: 0.5,
})

test("independent campaigns' estimates add, and their fixed intervals combine in quadrature", () => {
  // R: qnorm(0.975) = 1.959964; standard errors 300 / 1.959964 and 400 / 1.959964 combine to 500 / 1.959964
  const sum = sumEstimates([estimate(1000, 300), null, estimate(-200, 400)], 0.95)
  assert.ok(sum)
  assert.equal(sum.estimate, 800)
  assert.ok(Math.abs(sum.fixed.lower - 300) < 1e-6, String(sum.fixed.lower))
  assert.ok(Math.abs(sum.fixed.upper - 1300) < 1e-6, String(sum.fixed.upper))
  assert.equal(sum.missing, 1)
  assert.equal(sumEstimates([null, null], 0.95), null)
})
