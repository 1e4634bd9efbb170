import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addUnit, type ExperimentUnit, emptyArmSummary, summariseArm } from './index.js'

const unit = (
  arm: ExperimentUnit['arm'],
  orders: number,
  revenue: number,
  preSpend: number,
): ExperimentUnit => ({
  arm,
  orders,
  revenue,
  discount: orders * 2,
  messageCost: arm === 'treatment' ? 0.1 : 0,
  preSpend,
})

describe('arm summaries', () => {
  it('sums one arm and skips the other', () => {
    const units = [unit('treatment', 2, 30, 10), unit('holdout', 1, 99, 1), unit('treatment', 0, 0, 5)]
    assert.deepEqual(summariseArm(units, 'treatment'), {
      n: 2,
      converted: 1,
      orders: 2,
      ordersSq: 4,
      revenue: 30,
      revenueSq: 900,
      preSpend: 15,
      preSpendSq: 125,
      revenueXPreSpend: 300,
      discount: 4,
      messageCost: 0.2,
    })
  })

  it('streams to the same sums as a batch', () => {
    const units = [unit('holdout', 1, 12.5, 3), unit('holdout', 3, 40, 0)]
    const streamed = emptyArmSummary()
    for (const u of units) addUnit(streamed, u)
    assert.deepEqual(streamed, summariseArm(units, 'holdout'))
  })

  it('refuses a figure that is not a finite number, naming it', () => {
    assert.throws(() => addUnit(emptyArmSummary(), unit('holdout', 1, Number.NaN, 0)), /revenue/)
    assert.throws(
      () => addUnit(emptyArmSummary(), unit('holdout', 1, 1, Number.POSITIVE_INFINITY)),
      /preSpend/,
    )
  })
})
