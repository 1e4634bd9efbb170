import assert from 'node:assert/strict'
import { test } from 'node:test'
import { seededRandom } from './random.js'
import {
  LEARNER_NAMES,
  learnerOutcome,
  loadUpliftModel,
  serialiseUpliftModel,
  trainUplift,
  type UpliftData,
} from './train-uplift.js'

/**
 * A randomised trial where the campaign moves only customers with x0 > 0 (by +0.25 on a 0.1 base rate),
 * x1 raises the base rate in both arms, x2 is noise; spend is 40 per conversion.
 */
function simulatedTrial(n: number, seed: number): { binary: UpliftData; spend: UpliftData } {
  const random = seededRandom(seed)
  const rows: number[][] = []
  const treatment: number[] = []
  const outcome: number[] = []
  for (let i = 0; i < n; i++) {
    const row = [random() * 2 - 1, random() * 2 - 1, random()]
    const t = random() < 0.5 ? 1 : 0
    const p = 0.1 + 0.05 * row[1]! + (t === 1 && row[0]! > 0 ? 0.25 : 0)
    rows.push(row)
    treatment.push(t)
    outcome.push(random() < p ? 1 : 0)
  }
  const featureNames = ['x0', 'x1', 'x2']
  return {
    binary: { featureNames, rows, treatment, outcome },
    spend: { featureNames, rows, treatment, outcome: outcome.map((y) => 40 * y) },
  }
}

const trial = simulatedTrial(6000, 7)

test('every learner ranks the customers the campaign moves above those it does not', () => {
  for (const learner of LEARNER_NAMES) {
    const data = learnerOutcome(learner) === 'binary' ? trial.binary : trial.spend
    const model = trainUplift(data, { learner, seed: 1 })
    const scale = learnerOutcome(learner) === 'binary' ? 1 : 40
    const moved = model.predict([0.6, 0, 0.5]) / scale
    const unmoved = model.predict([-0.6, 0, 0.5]) / scale
    assert.ok(moved > 0.15, `${learner}: predicted ${moved} for a moved customer (true 0.25)`)
    assert.ok(unmoved < 0.1, `${learner}: predicted ${unmoved} for an unmoved one (true 0)`)
  }
})

test('a stored model loads back and predicts the same', () => {
  for (const learner of LEARNER_NAMES) {
    const data = learnerOutcome(learner) === 'binary' ? trial.binary : trial.spend
    const model = trainUplift(data, { learner, seed: 3 })
    const stored = JSON.parse(JSON.stringify(serialiseUpliftModel(model)))
    const loaded = loadUpliftModel(stored)
    assert.equal(loaded.learner, learner)
    assert.deepEqual(loaded.featureNames, ['x0', 'x1', 'x2'])
    for (const row of data.rows.slice(0, 20)) assert.equal(loaded.predict(row), model.predict(row))
  }
})

test('bad training data and bad stored models are refused, naming what is wrong', () => {
  const { binary } = trial
  assert.throws(() => trainUplift(binary, { learner: 'no-such', seed: 0 }), /unknown learner 'no-such'/)
  assert.throws(
    () => trainUplift({ ...binary, outcome: binary.outcome.map((y) => y * 2) }, { seed: 0 }),
    /outcome must be 0 or 1, got 2/,
  )
  assert.throws(
    () => trainUplift({ ...binary, treatment: binary.treatment.map(() => 1) }, { seed: 0 }),
    /both treated and control/,
  )
  const withNaN = binary.rows.map((r, i) => (i === 5 ? [r[0]!, Number.NaN, r[2]!] : r))
  assert.throws(() => trainUplift({ ...binary, rows: withNaN }, { seed: 0 }), /row 5: feature x1 is NaN/)
  const model = trainUplift(binary, { seed: 0 })
  assert.throws(() => model.predict([1, 2]), /needs 3 features/)
  const stored = serialiseUpliftModel(model)
  assert.throws(() => loadUpliftModel({ ...stored, version: 2 }), /version/)
  assert.throws(() => loadUpliftModel({ ...stored, parts: { treated: {} } }), /parts|treated/)
})

test('the selected two-model keeps the column the campaign acts on and drops the noise, and the same seed gives the same model', () => {
  const first = serialiseUpliftModel(
    trainUplift(trial.binary, { learner: 'selected-two-model-logistic', seed: 4 }),
  )
  const again = serialiseUpliftModel(
    trainUplift(trial.binary, { learner: 'selected-two-model-logistic', seed: 4 }),
  )
  assert.deepEqual(again, first)
  const { columns } = first.parts as { columns: number[] }
  // x0 alone decides who is moved and x2 is noise (simulatedTrial); x2 is dropped for seeds 0-4
  assert.ok(columns.includes(0) && !columns.includes(2), `kept columns ${columns}`)
})

test('a stored model whose parameters do not fit its feature names is refused, whatever the learner', () => {
  for (const learner of LEARNER_NAMES) {
    const data = learnerOutcome(learner) === 'binary' ? trial.binary : trial.spend
    const stored = serialiseUpliftModel(trainUplift(data, { learner, seed: 3 }))
    // Fewer feature names than the model was fitted on leave coefficients unread (NaN); more would be
    // silently ignored by a linear model. The selected learner picks its columns by index: one name fewer
    // than its highest column needs.
    const columns = (stored.parts as { columns?: number[] }).columns
    const fewer = columns ? stored.featureNames.slice(0, Math.max(...columns)) : ['x0']
    const more = columns ? [] : [[...stored.featureNames, 'x3']]
    for (const featureNames of [fewer, ...more])
      assert.throws(
        () => loadUpliftModel({ ...stored, featureNames }),
        /parts: .*(coefficients|columns)/,
        `${learner} with ${featureNames.length} features`,
      )
  }
})
