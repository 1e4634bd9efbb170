import assert from 'node:assert/strict'
import { join } from 'node:path'
import { dataTest, testDataDir } from '../../imports/test-support.js'
import { evaluatePromises, type PromiseEvaluation } from './evaluate.js'
import { OLIST_SELLERS_FILE, readOlistShipments } from './olist.js'

const SELLERS = join(testDataDir, 'olist_official_catalog', OLIST_SELLERS_FILE)

let evaluation: Promise<PromiseEvaluation> | undefined
/** One evaluation shared by the tests below (reading and fitting take a few seconds). */
const evaluated = (folder: string) => {
  evaluation ??= readOlistShipments(folder, SELLERS).then((shipments) => evaluatePromises(shipments))
  return evaluation
}

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not ${expected} ± ${tolerance}`)

dataTest(
  "Olist's own estimate on the later 30% reproduces the issue's figures",
  'olist_sample_4000',
  async (folder) => {
    const { methods, testOrders, actualDays } = await evaluated(folder)
    const olist = methods["shop's own estimate"]!
    assert.equal(testOrders, 1170)
    near(olist.pointMaeDays, 12.5, 0.1, 'MAE days')
    near(olist.metShare * 100, 94.4, 0.1, 'met %')
    near(olist.promisedDays, 21.2, 0.1, 'promised days')
    near(actualDays, 9.3, 0.1, 'actual days')
  },
)

dataTest('Reel promises at purchase and at handover on Olist', 'olist_sample_4000', async (folder, t) => {
  const { methods } = await evaluated(folder)
  const shopMet = methods["shop's own estimate"]!.metShare
  const atPurchase = methods['Reel at purchase']!
  const atHandover = methods['Reel at handover']!
  await t.test('met as often as Olist', () => assert.ok(atHandover.metShare >= shopMet))
  await t.test('point error at purchase ≤ 4.0 days', () => assert.ok(atPurchase.pointMaeDays <= 4.0))
  await t.test('the stated 80% range covers 80% ± 4%', () => {
    for (const m of [atPurchase, atHandover]) assert.ok(Math.abs(m.rangeCoverage! - 0.8) <= 0.04)
  })
  await t.test('a smaller point error than plain lane quantiles at handover', () => {
    const plain = methods['lane quantiles q90, at handover']!
    assert.ok(atHandover.pointMaeDays < plain.pointMaeDays)
  })
  // The two remaining goals are not reached (docs in src/shipping/promise/README.md): kept visible as todo.
  await t.test('promising on average ≤ 17 days from purchase', { todo: 'reaches about 18.5 days' }, () =>
    assert.ok(atHandover.promisedDays <= 17),
  )
  await t.test('point error once shipped ≤ 3.0 days', { todo: 'reaches about 3.1 days' }, () =>
    assert.ok(atHandover.pointMaeDays <= 3.0),
  )
})
