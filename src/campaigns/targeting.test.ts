import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  analyseExperiment,
  DEFAULT_ANALYSIS_OPTIONS,
  type ExperimentUnit,
  summariseArm,
} from '../stats/index.js'
import { random } from '../test-support/random.js'
import { trainUplift } from '../uplift/index.js'
import { armOf } from './holdout.js'
import { targetingValue } from './report-savings.js'
import { scoreQuantiles, scoreThreshold, targetedCandidates } from './targeting.js'

/**
 * A shop where the campaign moves only half its customers: those with `persuadable` = 1 convert 12 points
 * more when treated, the others (who buy more often anyway) not at all; `noise` changes only the baseline.
 */
interface Customer {
  id: string
  features: number[]
  baseline: number
  uplift: number
}
function population(n: number, rand: () => number, prefix: string): Customer[] {
  return Array.from({ length: n }, (_, i) => {
    const persuadable = rand() < 0.5 ? 1 : 0
    const noise = rand() * 2 - 1
    return {
      id: `${prefix}-${i}`,
      features: [persuadable, noise],
      // the unpersuadable are the sure things: they buy more often anyway
      baseline: 0.1 + 0.04 * noise + 0.06 * (1 - persuadable),
      uplift: 0.12 * persuadable,
    }
  })
}
const converts = (c: Customer, treated: boolean, rand: () => number): number =>
  rand() < c.baseline + (treated ? c.uplift : 0) ? 1 : 0
const unit = (arm: 'treatment' | 'holdout', orders: number): ExperimentUnit => ({
  arm,
  orders,
  revenue: orders * 50_000,
  discount: 0,
  messageCost: 0,
  preSpend: 0,
})

test("a targeted campaign's report estimates the lift among the customers it aimed at, without bias", () => {
  const rand = random(12)
  // An earlier, untargeted campaign with half held out: what the model learns from.
  const earlier = population(8000, rand, 'earlier')
  const treatment = earlier.map((c) => (armOf('earlier-salt', c.id, 0.5) === 'treatment' ? 1 : 0))
  const model = trainUplift(
    {
      featureNames: ['persuadable', 'noise'],
      rows: earlier.map((c) => c.features),
      treatment,
      outcome: earlier.map((c, i) => converts(c, treatment[i] === 1, rand)),
    },
    { seed: 0 },
  )
  const threshold = scoreThreshold(scoreQuantiles(earlier.map((c) => model.predict(c.features))), 0.5)

  const runs = 60
  const options = { ...DEFAULT_ANALYSIS_OPTIONS, holdoutShare: 0.5 }
  let errorSum = 0
  let errorSqSum = 0
  let covered = 0
  let naiveErrorSum = 0
  for (let r = 0; r < runs; r++) {
    const candidates = population(4000, rand, `run-${r}`)
    // As admit does it: the threshold first, then the arms, drawn within the targeted set.
    const targeted = targetedCandidates(candidates, (c) => model.predict(c.features), threshold)
    const units = targeted.map((c) => {
      const arm = armOf(`salt-${r}`, c.id, 0.5)
      return unit(arm, converts(c, arm === 'treatment', rand))
    })
    const analysis = analyseExperiment(
      { treatment: summariseArm(units, 'treatment'), holdout: summariseArm(units, 'holdout') },
      options,
    )
    const lift = analysis.conversion?.absolute
    assert.ok(lift, `run ${r}: ${analysis.reason}`)
    // The truth: the mean uplift of the customers the campaign aimed at.
    const truth = targeted.reduce((s, c) => s + c.uplift, 0) / targeted.length
    errorSum += lift.estimate - truth
    errorSqSum += (lift.estimate - truth) ** 2
    if (lift.fixed.lower <= truth && truth <= lift.fixed.upper) covered++
    // Were the holdout drawn from everyone instead (the threshold applied to the treatment only), it
    // would hold the unpersuadable too: the lift would be measured against the wrong baseline.
    const everyoneHeld = candidates
      .filter((c) => armOf(`salt-${r}`, c.id, 0.5) === 'holdout')
      .map((c) => converts(c, false, rand))
    const treatedRate =
      units.filter((u) => u.arm === 'treatment' && u.orders > 0).length /
      units.filter((u) => u.arm === 'treatment').length
    naiveErrorSum += treatedRate - everyoneHeld.reduce((a, b) => a + b, 0) / everyoneHeld.length - truth
  }
  const meanError = errorSum / runs
  const standardError = Math.sqrt((errorSqSum / runs - meanError ** 2) / runs)
  assert.ok(
    Math.abs(meanError) < 3 * standardError,
    `mean error ${meanError.toFixed(4)} against a standard error of ${standardError.toFixed(4)}`,
  )
  // 60 runs at 95%: fewer than 52 covered has a binomial probability below 1%
  assert.ok(covered >= 52, `${covered} of ${runs} intervals held the truth`)
  // The model did aim: the targeted customers' mean uplift is well above the population's 6 points.
  const naiveBias = naiveErrorSum / runs
  assert.ok(Math.abs(naiveBias) > 10 * standardError, `the naive design's bias ${naiveBias.toFixed(4)}`)
})

test('a top share of 1 takes everyone, and a threshold is read from the quantiles of the training scores', () => {
  const quantiles = scoreQuantiles(Array.from({ length: 1001 }, (_, i) => i / 1000))
  assert.equal(quantiles.length, 101)
  assert.equal(scoreThreshold(quantiles, 1), Number.NEGATIVE_INFINITY)
  // scores 0, 0.001, …, 1: the top 30% are those of at least 0.7
  assert.ok(Math.abs(scoreThreshold(quantiles, 0.3) - 0.7) < 1e-12)
  assert.deepEqual(
    targetedCandidates([0.2, 0.71, 0.9, 0.69], (s) => s, scoreThreshold(quantiles, 0.3)),
    [0.71, 0.9],
  )
})

test("a finished campaign's report tells, cross-fitted, what targeting its top 30% would have saved", () => {
  const rand = random(7)
  const customers = population(20_000, rand, 'finished')
  const options = { ...DEFAULT_ANALYSIS_OPTIONS, holdoutShare: 0.5 }
  const arms = customers.map((c) => armOf('finished-salt', c.id, 0.5))
  const outcome = customers.map((c, i) => converts(c, arms[i] === 'treatment', rand))
  // Every treated buyer used a 10,000 won coupon: on the sure things it is money thrown away.
  const units = customers.map((_, i) => {
    const arm = arms[i] ?? 'holdout'
    return { ...unit(arm, outcome[i] ?? 0), discount: arm === 'treatment' ? (outcome[i] ?? 0) * 10_000 : 0 }
  })
  const value = targetingValue(
    {
      featureNames: ['persuadable', 'noise'],
      rows: customers.map((c) => c.features),
      treatment: arms.map((a) => (a === 'treatment' ? 1 : 0)),
      outcome,
      customers: customers.map((c) => c.id),
    },
    units,
    options,
    (data) => trainUplift(data, { seed: 0 }),
  )
  // The rest are mostly sure things: each of their treated buyers cost 10,000 won and earned nothing more.
  assert.ok(value.saved && value.profitIfTopOnly && value.profitOfTheRest)
  assert.ok(value.saved.interval.lower > 0, `saved ${JSON.stringify(value.saved.interval)}`)
  const asRun = analyseExperiment(
    { treatment: summariseArm(units, 'treatment'), holdout: summariseArm(units, 'holdout') },
    options,
  ).money.incrementalProfit
  assert.ok(asRun && value.profitIfTopOnly.estimate > asRun.estimate, 'the top alone earns more than all')
})

test('with an arm missing there is no model to cross-fit, and the value is not claimed', () => {
  const customers = population(200, random(3), 'one-arm')
  const value = targetingValue(
    {
      featureNames: ['persuadable', 'noise'],
      rows: customers.map((c) => c.features),
      treatment: customers.map(() => 1),
      outcome: customers.map((_, i) => i % 2),
      customers: customers.map((c) => c.id),
    },
    customers.map((_, i) => unit('treatment', i % 2)),
    { ...DEFAULT_ANALYSIS_OPTIONS, holdoutShare: 0.5 },
    (data) => trainUplift(data, { seed: 0 }),
  )
  assert.deepEqual([value.saved, value.profitIfTopOnly], [null, null])
})
