import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type AnalysisOptions,
  type ArmSummary,
  analyseExperiment,
  DEFAULT_ANALYSIS_OPTIONS,
  type ExperimentUnit,
  emptyArmSummary,
  summariseArm,
} from './index.js'

/**
 * The reference examples (R's, SciPy's, gbstats') are smaller than the report's 30-converter minimum; these
 * tests check the estimators, so the minimum is off (its own tests are under "not enough data").
 */
const FIXED: AnalysisOptions = {
  ...DEFAULT_ANALYSIS_OPTIONS,
  sequential: { enabled: false, tuning: 5000 },
  minimumConverters: 0,
}

/** An arm where `converted` of `n` customers placed one order each (nothing else). */
function conversions(n: number, converted: number): ArmSummary {
  return { ...emptyArmSummary(), n, converted, orders: converted, ordersSq: converted }
}

function units(arm: ExperimentUnit['arm'], revenue: number[], preSpend: number[] = []): ExperimentUnit[] {
  return revenue.map((r, i) => ({
    arm,
    orders: r > 0 ? 1 : 0,
    revenue: r,
    discount: 0,
    messageCost: 0,
    preSpend: preSpend[i] ?? 0,
  }))
}

function close(actual: number | undefined, expected: number, tolerance: number, what: string): void {
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} ≠ ${expected}`,
  )
}

describe('conversion lift', () => {
  it('matches R prop.test(correct = FALSE): interval and p-value', () => {
    // R: prop.test(x = c(490, 400), n = c(500, 500)) prints X-squared = 80.909 and 95% CI 0.1408536 to
    // 0.2191464 with Yates' correction (R's documented worked example, STHDA); without it the interval
    // narrows by ½(1/500 + 1/500) = 0.002 on each side. SciPy: chi2_contingency([[490, 10], [400, 100]],
    // correction=False) → chi2 82.73748723186925, p 9.370713134121627e-20; the Wald interval with
    // norm.ppf(0.975) → 0.14285364071145956 to 0.2171463592885403.
    const a = analyseExperiment({ treatment: conversions(500, 490), holdout: conversions(500, 400) }, FIXED)
    const abs = a.conversion?.absolute
    close(abs?.estimate, 0.18, 1e-12, 'estimate')
    close(abs?.fixed.lower, 0.14285364071145956, 1e-9, 'lower')
    close(abs?.fixed.upper, 0.2171463592885403, 1e-9, 'upper')
    close(abs?.fixed.lower, 0.1408536 + 0.002, 1e-7, 'lower against R')
    close(abs?.pValue, 9.370713134121627e-20, 1e-26, 'p-value')
    assert.equal(abs?.sequential, null)
    assert.deepEqual(abs?.interval, abs?.fixed)
  })

  it('matches SciPy on a campaign-sized table with a 10% holdout', () => {
    // SciPy: chi2_contingency([[412, 4588], [31, 529]], correction=False) → p 0.02502020703015884; Wald
    // interval 0.006627038120081509 to 0.047458676165632784.
    const a = analyseExperiment({ treatment: conversions(5000, 412), holdout: conversions(560, 31) }, FIXED)
    close(a.conversion?.absolute.pValue, 0.02502020703015884, 1e-12, 'p-value')
    close(a.conversion?.absolute.fixed.lower, 0.006627038120081509, 1e-12, 'lower')
    close(a.conversion?.absolute.fixed.upper, 0.047458676165632784, 1e-12, 'upper')
    assert.equal(a.enough, true)
    assert.equal(a.reason, null)
  })

  it("gives the relative lift GrowthBook's delta method and always-valid interval give", () => {
    // gbstats tests/frequentist/test_tests.py, test_two_sided_ttest_binom: ProportionStatistic(sum=14,
    // n=28) control, (16, 30) treatment, relative → expected 0.06667, ci (-0.47767, 0.61101) (a t quantile
    // with Welch df there; 5 decimals agree with the normal one only to 1e-2, so the standard error is
    // compared: 0.2717).
    const small = analyseExperiment({ treatment: conversions(30, 16), holdout: conversions(28, 14) }, FIXED)
    close(small.conversion?.relative.estimate, 0.06667, 5e-6, 'relative estimate')
    const rel = small.conversion?.relative
    close(rel ? (rel.fixed.upper - rel.fixed.lower) / 2 / 1.959963984540054 : undefined, 0.2717, 5e-5, 'se')
    // test_sequential_test_runs_prop: ProportionStatistic(sum=1396, n=3000) control, (2422, 3461) treatment,
    // SequentialTwoSidedTTest with the default tuning 5000 → expected 0.50386, ci (0.40098, 0.60675).
    const big = analyseExperiment(
      { treatment: conversions(3461, 2422), holdout: conversions(3000, 1396) },
      DEFAULT_ANALYSIS_OPTIONS,
    )
    const seq = big.conversion?.relative
    close(seq?.estimate, 0.50386, 5e-6, 'estimate')
    close(seq?.sequential?.lower, 0.40098, 5e-6, 'sequential lower')
    close(seq?.sequential?.upper, 0.60675, 5e-6, 'sequential upper')
    assert.deepEqual(seq?.interval, seq?.sequential)
    assert.ok(seq && seq.fixed.lower > seq.interval.lower, 'the always-valid interval is the wider one')
  })
})

describe('revenue per customer (Welch)', () => {
  it("matches R's t.test(extra ~ group, data = sleep) Welch example and SciPy", () => {
    // R ?t.test example: t = -1.8608, df = 17.776, p-value = 0.07939, 95% CI -3.3654832 0.2054832.
    // SciPy: ttest_ind(g1, g2, equal_var=False) → p 0.0793941401873583, df 17.776473516178488,
    // confidence_interval(0.95) → -3.3654832307117104, 0.20548323071171137.
    const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    const all = [...units('treatment', g1), ...units('holdout', g2)]
    const a = analyseExperiment(
      { treatment: summariseArm(all, 'treatment'), holdout: summariseArm(all, 'holdout') },
      FIXED,
    )
    const r = a.revenuePerCustomer
    close(r?.estimate, 0.75 - 2.33, 1e-12, 'estimate')
    close(r?.pValue, 0.0793941401873583, 1e-10, 'p-value')
    close(r?.fixed.lower, -3.3654832307117104, 1e-10, 'lower')
    close(r?.fixed.upper, 0.20548323071171137, 1e-10, 'upper')
  })

  it('matches GrowthBook on sufficient statistics (absolute Welch test)', () => {
    // gbstats test_two_sided_ttest_absolute: SampleMeanStatistic(sum=1396.87, sum_squares=52377.9767,
    // n=3407) control, (2422.7, 134698.29, 3461) treatment → expected 0.29, ci (0.04538, 0.53462),
    // pValue 0.02016.
    const arm = (n: number, revenue: number, revenueSq: number) => ({
      ...emptyArmSummary(),
      n,
      revenue,
      revenueSq,
    })
    const a = analyseExperiment(
      { treatment: arm(3461, 2422.7, 134698.29), holdout: arm(3407, 1396.87, 52377.9767) },
      { ...FIXED, holdoutShare: 0.5 },
    )
    const r = a.revenuePerCustomer
    close(r?.estimate, 0.29, 5e-6, 'estimate')
    close(r?.fixed.lower, 0.04538, 5e-6, 'lower')
    close(r?.fixed.upper, 0.53462, 5e-6, 'upper')
    close(r?.pValue, 0.02016, 5e-6, 'p-value')
  })
})

describe('CUPED on pre-period spend', () => {
  // Data drawn once with numpy (default_rng(12)); reference: θ = np.cov(Y, X)[0, 1] / np.var(X, ddof=1)
  // over both arms (= np.polyfit(X, Y, 1) slope, 0.7336666074492844), then
  // scipy.stats.ttest_ind(yT − θ xT, yH − θ xH, equal_var=False) → difference 4.682845399022527,
  // p 0.37641589640140605, CI -6.130736343109289 to 15.496427141154344; unadjusted Welch p
  // 0.09783140021678732; variance reduction 1 − (se_cuped / se_welch)² = 0.5549067293841485.
  const preT = [
    19.95, 57.18, 42.16, 41.43, 101.37, 6.02, 10.73, 5.36, 18.03, 54.53, 19.65, 32.98, 2.97, 23.27,
  ]
  const yT = [16.37, 78.94, 56.6, 57.1, 77.95, 30.8, 34.31, 16.05, 21.36, 49.0, 20.71, 28.87, 15.53, 21.04]
  const preH = [43.22, 4.07, 45.77, 10.74, 11.64, 5.2, 17.39, 15.68, 24.32, 11.78, 22.06]
  const yH = [63.23, 18.58, 28.86, 30.74, 15.05, 22.03, 29.63, 13.54, 0.0, 11.85, 31.51]
  const all = [...units('treatment', yT, preT), ...units('holdout', yH, preH)]
  const arms = { treatment: summariseArm(all, 'treatment'), holdout: summariseArm(all, 'holdout') }

  it('adjusts with the pooled θ and reports the variance it removed', () => {
    const a = analyseExperiment(arms, { ...FIXED, holdoutShare: 0.5 })
    const c = a.revenuePerCustomerCuped
    close(c?.estimate, 4.682845399022527, 1e-9, 'estimate')
    close(c?.pValue, 0.37641589640140605, 1e-9, 'p-value')
    close(c?.fixed.lower, -6.130736343109289, 1e-9, 'lower')
    close(c?.fixed.upper, 15.496427141154344, 1e-9, 'upper')
    close(c?.varianceReduction, 0.5549067293841485, 1e-9, 'variance reduction')
    close(a.revenuePerCustomer?.pValue, 0.09783140021678732, 1e-9, 'unadjusted p-value')
  })

  it('falls back to the unadjusted figures when nobody has pre-period spend', () => {
    const noHistory = [...units('treatment', yT), ...units('holdout', yH)]
    const a = analyseExperiment(
      { treatment: summariseArm(noHistory, 'treatment'), holdout: summariseArm(noHistory, 'holdout') },
      FIXED,
    )
    assert.equal(a.revenuePerCustomerCuped?.varianceReduction, 0)
    assert.equal(a.revenuePerCustomerCuped?.estimate, a.revenuePerCustomer?.estimate)
  })
})

describe('sample ratio mismatch', () => {
  it('flags a split off the designed share at p < 0.001, as scipy.stats.chisquare computes it', () => {
    // SciPy: chisquare([900, 9100], f_exp=[1000, 9000]) → 11.11111111111111, p 0.0008581206663936758;
    // chisquare([1050, 8950], f_exp=[1000, 9000]) → 2.7777777777777777, p 0.09558070454562936.
    const off = analyseExperiment({ treatment: conversions(9100, 10), holdout: conversions(900, 1) }, FIXED)
    close(off.srm?.chiSquare, 11.11111111111111, 1e-9, 'chi-square')
    close(off.srm?.pValue, 0.0008581206663936758, 1e-12, 'p-value')
    assert.equal(off.srm?.mismatch, true)
    const fine = analyseExperiment({ treatment: conversions(8950, 10), holdout: conversions(1050, 1) }, FIXED)
    close(fine.srm?.pValue, 0.09558070454562936, 1e-12, 'p-value')
    assert.equal(fine.srm?.mismatch, false)
  })
})

describe('money and the promotion dilemma', () => {
  // 1,000 treated customers: 100 convert (one order of 50 with a 10 discount each), messages cost 0.05
  // each; 1,000 holdout customers: 80 convert (one order of 50, no discount).
  const treated = (i: number): ExperimentUnit => ({
    arm: 'treatment',
    orders: i < 100 ? 1 : 0,
    revenue: i < 100 ? 50 : 0,
    discount: i < 100 ? 10 : 0,
    messageCost: 0.05,
    preSpend: 0,
  })
  const held = (i: number): ExperimentUnit => ({
    arm: 'holdout',
    orders: i < 80 ? 1 : 0,
    revenue: i < 80 ? 50 : 0,
    discount: 0,
    messageCost: 0,
    preSpend: 0,
  })
  const all = [
    ...Array.from({ length: 1000 }, (_, i) => treated(i)),
    ...Array.from({ length: 1000 }, (_, i) => held(i)),
  ]
  const a = analyseExperiment(
    { treatment: summariseArm(all, 'treatment'), holdout: summariseArm(all, 'holdout') },
    { ...DEFAULT_ANALYSIS_OPTIONS, holdoutShare: 0.5 },
  )

  it('counts incremental orders, revenue and profit after discount and message cost', () => {
    close(a.money.incrementalOrders?.estimate, 20, 1e-9, 'orders')
    close(a.money.incrementalRevenue?.estimate, 1000, 1e-9, 'revenue')
    assert.equal(a.money.discountCost, 1000)
    close(a.money.messageCost, 50, 1e-9, 'message cost')
    // 0.4 × 1,000 − 1,000 − 50: the campaign lost money.
    close(a.money.incrementalProfit?.estimate, -650, 1e-9, 'profit')
    const revenueWidth =
      (a.money.incrementalRevenue?.fixed.upper ?? 0) - (a.money.incrementalRevenue?.fixed.lower ?? 0)
    const profitWidth =
      (a.money.incrementalProfit?.fixed.upper ?? 0) - (a.money.incrementalProfit?.fixed.lower ?? 0)
    close(profitWidth, 0.4 * revenueWidth, 1e-9, 'profit interval is the margin times the revenue one')
  })

  it('says how much discount went to customers who would have bought anyway', () => {
    // 8% of the holdout bought without the campaign: 80 of the 100 treated converters were sure things.
    close(a.money.promotionDilemma?.shareOfDiscount, 0.8, 1e-12, 'share')
    close(a.money.promotionDilemma?.discount, 800, 1e-9, 'discount')
  })
})

describe('not enough data', () => {
  const noNaN = (value: unknown) => {
    const json = JSON.stringify(value, (_k, v) =>
      typeof v === 'number' && !Number.isFinite(v) ? 'NOT FINITE' : v,
    )
    assert.ok(!json.includes('NOT FINITE'), json)
  }

  it('answers a campaign with no exposures with counts, nulls and a reason', () => {
    const a = analyseExperiment(
      { treatment: emptyArmSummary(), holdout: emptyArmSummary() },
      DEFAULT_ANALYSIS_OPTIONS,
    )
    assert.equal(a.enough, false)
    assert.equal(a.reason, 'no customer has been exposed yet')
    assert.equal(a.conversion, null)
    assert.equal(a.srm, null)
    assert.equal(a.arms.treatment.conversionRate, null)
    assert.equal(a.money.promotionDilemma, null)
    noNaN(a)
  })

  it('names the empty arm, the all-zero campaign and the zero baseline', () => {
    const cases: Array<[ArmSummary, ArmSummary, string]> = [
      [conversions(100, 5), emptyArmSummary(), 'the holdout has fewer than 2 customers'],
      [conversions(1, 1), conversions(100, 5), 'the treatment arm has fewer than 2 customers'],
      [conversions(100, 0), conversions(100, 0), 'no customer in either arm has converted yet'],
      [
        conversions(100, 3),
        conversions(10, 0),
        'no holdout customer has converted yet, so there is no baseline',
      ],
      [
        conversions(10, 10),
        conversions(10, 10),
        'every customer in both arms converted, so there is nothing to compare',
      ],
    ]
    for (const [treatment, holdout, reason] of cases) {
      const a = analyseExperiment({ treatment, holdout }, DEFAULT_ANALYSIS_OPTIONS)
      assert.equal(a.enough, false)
      assert.equal(a.reason, reason)
      noNaN(a)
    }
  })

  it('withholds every estimate until each arm has 30 converters and 30 non-converters', () => {
    const campaign = (treatment: ArmSummary, holdout: ArmSummary, options = DEFAULT_ANALYSIS_OPTIONS) =>
      analyseExperiment(
        {
          treatment: { ...treatment, discount: 100, messageCost: 5 },
          holdout,
        },
        { ...options, holdoutShare: 0.5 },
      )
    const short = campaign(conversions(1000, 29), conversions(1000, 50))
    assert.equal(short.enough, false)
    assert.equal(
      short.reason,
      'the treatment arm has 29 converted customers so far; estimates need at least 30 in each arm',
    )
    assert.equal(short.conversion, null)
    assert.equal(short.ordersPerCustomer, null)
    assert.equal(short.revenuePerCustomer, null)
    assert.equal(short.revenuePerCustomerCuped, null)
    assert.deepEqual(
      [short.money.incrementalOrders, short.money.incrementalRevenue, short.money.incrementalProfit],
      [null, null, null],
    )
    assert.equal(short.money.promotionDilemma, null)
    // What is known without estimating stays: the counts, what the campaign paid, the split's check.
    assert.equal(short.arms.treatment.conversionRate, 0.029)
    assert.equal(short.money.discountCost, 100)
    assert.equal(short.money.messageCost, 5)
    assert.equal(short.srm?.mismatch, false)
    noNaN(short)

    const fewNonConverters = campaign(conversions(100, 40), conversions(100, 75))
    assert.equal(
      fewNonConverters.reason,
      'the holdout has 25 customers who have not converted; estimates need at least 30 in each arm',
    )
    const atMinimum = campaign(conversions(1000, 30), conversions(1000, 30))
    assert.equal(atMinimum.enough, true)
    assert.equal(atMinimum.reason, null)
    assert.notEqual(atMinimum.money.incrementalOrders, null)
  })

  it('applies the minimum to callers that leave it unset, and estimates below it when set to 0', () => {
    const { minimumConverters: _default, ...unset } = DEFAULT_ANALYSIS_OPTIONS
    const arms = { treatment: conversions(1000, 29), holdout: conversions(1000, 50) }
    assert.equal(analyseExperiment(arms, unset).enough, false)
    const off = analyseExperiment(arms, { ...DEFAULT_ANALYSIS_OPTIONS, minimumConverters: 0 })
    assert.equal(off.enough, true)
    close(off.conversion?.absolute.estimate, -0.021, 1e-12, 'estimate')
  })

  it('refuses sums that are not numbers, naming the field', () => {
    const bad = { ...conversions(10, 1), revenue: Number.NaN }
    assert.throws(
      () => analyseExperiment({ treatment: bad, holdout: conversions(10, 1) }, DEFAULT_ANALYSIS_OPTIONS),
      /arms\.treatment\.revenue/,
    )
    const arms = { treatment: conversions(10, 1), holdout: conversions(10, 1) }
    const badOptions: Array<[Partial<AnalysisOptions>, RegExp]> = [
      [{ confidence: 2 }, /options\.confidence/],
      [{ minimumConverters: 2.5 }, /options\.minimumConverters/],
    ]
    for (const [change, field] of badOptions)
      assert.throws(() => analyseExperiment(arms, { ...FIXED, ...change }), field)
  })
})
