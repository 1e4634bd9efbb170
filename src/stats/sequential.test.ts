import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sequentialHalfWidth, sequentialRho } from './sequential.js'

describe('asymptotic confidence sequence', () => {
  it("matches GrowthBook's SequentialTwoSidedTTest", () => {
    // gbstats tests/frequentist/test_tests.py, test_sequential_test_runs: n = 3000 + 3461, tuning 1000,
    // standard error 0.3334122146400735 (the same statistics' OneSidedTreatmentGreaterTTest stddev),
    // expected 0.50336 → ci (-0.55844, 1.56516), a half-width of 1.0618.
    const half = sequentialHalfWidth(0.3334122146400735, 6461, 0.05, 1000)
    assert.ok(Math.abs(0.5033610858562358 - half - -0.55844) < 5e-6, String(half))
    assert.ok(Math.abs(0.5033610858562358 + half - 1.56516) < 5e-6, String(half))
  })

  it('is tightest (relative to the fixed interval) near the tuning sample size', () => {
    // Waudby-Smith et al. eq. 161: ρ is chosen so the width at n = tuning is minimal for a fixed s².
    const widthAt = (n: number, tuning: number) => sequentialHalfWidth(1 / Math.sqrt(n), n, 0.05, tuning)
    assert.ok(widthAt(5000, 5000) < widthAt(5000, 500))
    assert.ok(widthAt(5000, 5000) < widthAt(5000, 50000))
    assert.ok(sequentialRho(0.05, 5000) > 0)
  })
})
