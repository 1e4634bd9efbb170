import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type HonestyOptions, type Rate, rate, runHonestyCheck } from '../../bench/honesty-check.js'

/**
 * A small run of the honesty check (`npm run bench -- honesty` is the full one, in docs/benchmarks.md):
 * 400 simulated campaigns, arms of 200 to 5,000 customers, half of them without effect, 30 daily looks.
 *
 * Tolerances: a rate measured on n campaigns has binomial standard error √(p(1 − p)/n) (about 1.1 points
 * for a 95% coverage on 400 campaigns, 1.5 points for a 5% false-positive rate on the ~200 null ones). Each
 * assertion allows the goal's own margin plus 3 standard errors, so code that meets the goal fails it with
 * probability under 0.2% for a fresh seed; the seed is fixed, so the run is reproducible. Nominal 90%
 * intervals (coverage ≈ 90%) or the fixed interval used at every look (≈ 25% false positives) fail it.
 */
const OPTIONS: HonestyOptions = {
  campaigns: 400,
  looks: 30,
  seed: 12,
  minArm: 200,
  maxArm: 5000,
  nullShare: 0.5,
  loyalShare: 0.3,
  replicates: 150,
}
const report = runHonestyCheck(OPTIONS)
const threeErrors = (p: number, r: Rate) => 3 * Math.sqrt((p * (1 - p)) / r.total)

function coverageNear95(r: Rate, what: string): void {
  const tolerance = 0.015 + threeErrors(0.95, r)
  assert.ok(
    Math.abs(rate(r) - 0.95) <= tolerance,
    `${what}: ${rate(r)} over ${r.total}, tolerance ${tolerance}`,
  )
}

describe('honesty check (simulated campaigns with known effects)', () => {
  it('95% fixed intervals cover the true lift about 95% of the time at the final look', () => {
    coverageNear95(report.metrics['conversion lift (absolute)'].fixed, 'conversion')
    coverageNear95(report.metrics['revenue per customer (Welch)'].fixed, 'revenue (Welch)')
    coverageNear95(report.metrics['revenue per customer (CUPED)'].fixed, 'revenue (CUPED)')
    coverageNear95(report.profit.coverage, 'incremental profit')
  })

  const LEAD_METRICS = [
    'conversion lift (absolute)',
    'revenue per customer (Welch)',
    'revenue per customer (CUPED)',
  ] as const

  it('always-valid intervals hold the truth at all 30 looks at least 95% of the time', () => {
    for (const name of LEAD_METRICS) {
      const r = report.metrics[name].sequentialEveryLook
      assert.ok(rate(r) >= 0.95 - threeErrors(0.95, r), `${name}: ${rate(r)} over ${r.total}`)
    }
  })

  it('looking daily at a campaign without effect: ≤ 5% false positives, where the naive test gives many', () => {
    for (const name of LEAD_METRICS) {
      const sequential = report.metrics[name].falsePositiveSequentialAnyLook
      assert.ok(rate(sequential) <= 0.05 + threeErrors(0.05, sequential), `${name}: ${rate(sequential)}`)
      // Armitage, McPherson and Rowe: about 25% with 30 looks from the first day; the run must be able to
      // see the inflation. Their setting is every look, so it is checked with the report's minimum off (the
      // minimum itself keeps the first looks of small campaigns from claiming anything, which lowers the
      // naive rate to 12-16% on these campaigns and 18-21% in the bench's).
      const naive = report.withoutMinimum.metrics[name].falsePositiveFixedAnyLook
      assert.ok(rate(naive) >= 0.25 - threeErrors(0.25, naive), `${name} naive: ${rate(naive)}`)
    }
  })

  it('reports an incremental profit without bias and a CUPED reduction that is real', () => {
    const { meanError, meanErrorStandardError } = report.profit
    assert.ok(Math.abs(meanError) <= 3 * meanErrorStandardError, `${meanError} ± ${meanErrorStandardError}`)
    const { reportedReduction, realisedReduction } = report.cuped.replicated
    assert.ok(reportedReduction > 0.1, `reported ${reportedReduction}`)
    assert.ok(realisedReduction > 0.1, `realised ${realisedReduction}`)
  })

  it('raises no sample-ratio alarm on correctly randomised campaigns beyond the 0.1% expected', () => {
    // 400 campaigns × 0.1% = 0.4 expected alarms; P(4 or more | Poisson(0.4)) < 0.1%.
    assert.ok(report.srmFalseAlarms.hits <= 3, String(report.srmFalseAlarms.hits))
  })
})
