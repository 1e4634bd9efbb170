import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  type ArmSummary,
  analyseExperiment,
  DEFAULT_ANALYSIS_OPTIONS,
  emptyArmSummary,
} from '../stats/index.js'
import { verdictOf } from './verdict.js'

/**
 * An arm of n customers of whom `converted` ordered once, each order worth `value` with `discount` off
 * (spread so that revenue varies: half the orders are worth 50% more).
 */
function arm(n: number, converted: number, value: number, discount = 0, messageCost = 0): ArmSummary {
  const s = emptyArmSummary()
  const high = Math.floor(converted / 2)
  s.n = n
  s.converted = converted
  s.orders = converted
  s.ordersSq = converted
  s.revenue = (converted - high) * value + high * value * 1.5
  s.revenueSq = (converted - high) * value ** 2 + high * (value * 1.5) ** 2
  s.discount = converted * discount
  s.messageCost = n * messageCost
  return s
}

const options = (holdoutShare: number) => ({ ...DEFAULT_ANALYSIS_OPTIONS, holdoutShare })
const en = { currency: 'KRW', locale: 'en' as const, confidence: 0.95, windowsOpen: 0 }

test('a clear lift is said with its interval, and money earned only when its interval is above zero', () => {
  const analysis = analyseExperiment(
    { treatment: arm(20_000, 3000, 60_000, 1000, 10), holdout: arm(20_000, 2000, 60_000) },
    options(0.5),
  )
  const verdict = verdictOf(analysis, en)
  assert.equal(verdict.kind, 'adds_orders')
  assert.match(
    verdict.text,
    /^adds 5\.0 orders per 100 customers \(95%: \d\.\d to \d\.\d\); after discounts it earns ₩[\d,]+ \(95%: ₩[\d,]+ to ₩[\d,]+\)/,
  )
  const profit = analysis.money.incrementalProfit
  assert.ok(profit && profit.interval.lower > 0)
  // 2000 of the treatment's 3000 converters would have converted anyway: two thirds of the discount
  assert.match(verdict.text, /67% of the discount went to customers who would have ordered anyway$/)
})

test('a lift whose interval holds zero is "no effect yet", and a profit that straddles zero is not claimed', () => {
  const analysis = analyseExperiment(
    { treatment: arm(1000, 105, 60_000, 5000), holdout: arm(1000, 100, 60_000) },
    options(0.5),
  )
  const verdict = verdictOf(analysis, en)
  assert.equal(verdict.kind, 'no_effect_yet')
  assert.match(
    verdict.text,
    /^no effect can be told apart from zero yet \(0\.5 orders per 100 customers, 95%: -\d\.\d to \d\.\d\)/,
  )
  assert.doesNotMatch(verdict.text, /earns/)
  assert.match(verdict.text, /95% of the discount went to customers who would have ordered anyway/)
})

test('a split unlike the holdout share says not to trust the figures, and gives none', () => {
  const analysis = analyseExperiment(
    { treatment: arm(9000, 1500, 60_000), holdout: arm(2000, 200, 60_000) },
    options(0.1),
  )
  const verdict = verdictOf(analysis, en)
  assert.equal(verdict.kind, 'sample_ratio_mismatch')
  assert.match(verdict.text, /^sample ratio mismatch: do not trust these figures/)
  assert.doesNotMatch(verdict.text, /orders per 100/)
})

test('no exposure, one arm empty or nothing ordered: not enough data yet, with the counts', () => {
  for (const [treatment, holdout] of [
    [emptyArmSummary(), emptyArmSummary()],
    [arm(50, 5, 10_000), emptyArmSummary()],
    [arm(50, 0, 0), arm(50, 0, 0)],
  ] as const) {
    const analysis = analyseExperiment({ treatment, holdout }, options(0.5))
    const verdict = verdictOf(analysis, en)
    assert.equal(verdict.kind, 'not_enough_data')
    assert.equal(
      verdict.text,
      `not enough data yet (${treatment.n} exposed in the treatment, ${holdout.n} in the holdout)`,
    )
  }
})

test('the verdict reads in Korean with won written as Korean shops write it, and says windows are open', () => {
  const analysis = analyseExperiment(
    { treatment: arm(20_000, 3000, 60_000, 1000), holdout: arm(20_000, 2000, 60_000) },
    options(0.5),
  )
  const verdict = verdictOf(analysis, { ...en, locale: 'ko', windowsOpen: 12 })
  assert.equal(verdict.locale, 'ko')
  assert.match(verdict.text, /^고객 100명당 주문 5\.0건 증가 \(95%: \d\.\d~\d\.\d\); 할인 후 [\d,]+원의 이익/)
  assert.match(verdict.text, /할인의 67%는 캠페인 없이도 주문했을 고객에게 갔습니다/)
  assert.match(verdict.text, /목표 기간이 아직 끝나지 않은 노출 12건/)
})

test('money in a currency with cents keeps them, and money with no currency stays bare', () => {
  const analysis = analyseExperiment(
    { treatment: arm(20_000, 3000, 45.5, 2.25), holdout: arm(20_000, 2000, 45.5) },
    options(0.5),
  )
  assert.match(
    verdictOf(analysis, { ...en, currency: 'USD' }).text,
    /earns \$[\d,]+(\.\d\d)? \(95%: \$[\d,]+\.\d\d to \$[\d,]+\.\d\d\)/,
  )
  assert.match(verdictOf(analysis, { ...en, currency: null }).text, /earns [\d,]+(\.\d+)? \(/)
})
