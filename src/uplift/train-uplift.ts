/** Training, storing and loading uplift models: the checks at the module's edge and the learner registry. */
import { z } from 'zod'
import { LEARNERS, type Learner } from './learners.js'

/** A learner's name, e.g. 'two-model-logistic' (see LEARNER_NAMES). */
export type LearnerName = string

/** Randomised data: one row of numeric features per customer, their arm (1 treated, 0 control), their outcome. */
export interface UpliftData {
  featureNames: string[]
  rows: number[][]
  treatment: Uint8Array | number[]
  outcome: number[]
}

/** A trained model of the individual treatment effect. */
export interface UpliftModel {
  learner: LearnerName
  featureNames: string[]
  /** Predicted individual treatment effect for one row of features (in featureNames order). */
  predict(row: readonly number[]): number
}

/** A model as plain JSON, to store and load again. */
export interface SerializedUpliftModel {
  learner: LearnerName
  featureNames: string[]
  [k: string]: unknown
}

/** The learner Reel uses when none is named: the best on the Hillstrom benchmark (docs/benchmarks.md). */
export const DEFAULT_LEARNER: LearnerName = 'two-model-logistic'

/** The learner for a continuous outcome (spend) when none is named. */
export const DEFAULT_CONTINUOUS_LEARNER: LearnerName = 'two-model-ridge'

/** Every learner's name. */
export const LEARNER_NAMES = Object.keys(LEARNERS) as LearnerName[]

/** Whether a learner needs a 0/1 outcome ('binary') or takes any number ('continuous'). */
export function learnerOutcome(name: LearnerName): 'binary' | 'continuous' {
  return learner(name).outcome
}

function learner(name: LearnerName): Learner<unknown> {
  const found = (LEARNERS as Record<string, Learner<unknown>>)[name]
  if (!found) throw new RangeError(`unknown learner '${name}'; the learners are ${LEARNER_NAMES.join(', ')}`)
  return found
}

// The stored parts of every model made here, so serialiseUpliftModel can write them out.
const partsOf = new WeakMap<UpliftModel, unknown>()

function modelOf(name: LearnerName, featureNames: string[], parts: unknown): UpliftModel {
  const found = learner(name)
  const width = featureNames.length
  const model: UpliftModel = {
    learner: name,
    featureNames: [...featureNames],
    predict(row) {
      if (row.length !== width)
        throw new RangeError(`a row needs ${width} features (${featureNames.join(', ')}), got ${row.length}`)
      for (let j = 0; j < width; j++)
        if (!Number.isFinite(row[j]))
          throw new RangeError(`feature ${featureNames[j]} must be a finite number, got ${row[j]}`)
      return found.predict(parts, row)
    },
  }
  partsOf.set(model, parts)
  return model
}

function checkData(data: UpliftData, outcome: 'binary' | 'continuous'): void {
  const n = data.rows.length
  if (data.treatment.length !== n || data.outcome.length !== n)
    throw new RangeError(
      `${n} rows, ${data.treatment.length} treatment flags and ${data.outcome.length} outcomes: they must match`,
    )
  const arms = [0, 0]
  for (let i = 0; i < n; i++) {
    const row = data.rows[i]!
    if (row.length !== data.featureNames.length)
      throw new RangeError(
        `row ${i} has ${row.length} features, featureNames has ${data.featureNames.length}`,
      )
    row.forEach((v, j) => {
      if (!Number.isFinite(v))
        throw new RangeError(`row ${i}: feature ${data.featureNames[j]} is ${v}, not a finite number`)
    })
    const t = data.treatment[i]
    if (t !== 0 && t !== 1) throw new RangeError(`row ${i}: treatment must be 0 or 1, got ${t}`)
    arms[t]!++
    const y = data.outcome[i]!
    if (outcome === 'binary' ? y !== 0 && y !== 1 : !Number.isFinite(y))
      throw new RangeError(
        `row ${i}: outcome must be ${outcome === 'binary' ? '0 or 1' : 'a finite number'}, got ${y}`,
      )
  }
  if (arms[0] === 0 || arms[1] === 0) throw new RangeError('the data needs both treated and control rows')
}

/** Trains the named learner (DEFAULT_LEARNER by default) on randomised data; `seed` fixes any random choice. */
export function trainUplift(data: UpliftData, options: { learner?: LearnerName; seed: number }): UpliftModel {
  const name = options.learner ?? DEFAULT_LEARNER
  const found = learner(name)
  checkData(data, found.outcome)
  const parts = found.train({
    rows: data.rows,
    treatment: data.treatment,
    outcome: data.outcome,
    featureNames: data.featureNames,
    seed: options.seed,
  })
  return modelOf(name, data.featureNames, parts)
}

/** The model as plain JSON (learner, feature names, fitted parameters). */
export function serialiseUpliftModel(model: UpliftModel): SerializedUpliftModel {
  if (!partsOf.has(model))
    throw new RangeError('only models made by trainUplift or loadUpliftModel can be stored')
  return {
    learner: model.learner,
    featureNames: [...model.featureNames],
    version: 1,
    parts: partsOf.get(model),
  }
}

const storedSchema = z.object({
  learner: z.string(),
  featureNames: z.array(z.string()),
  version: z.literal(1),
  parts: z.unknown(),
})

/** A model from its stored JSON; throws naming the field when the JSON is not a model this version wrote. */
export function loadUpliftModel(serialised: SerializedUpliftModel): UpliftModel {
  const stored = storedSchema.safeParse(serialised)
  if (!stored.success) throw new RangeError(`not a stored uplift model: ${z.prettifyError(stored.error)}`)
  const found = learner(stored.data.learner)
  const parts = found.schema.safeParse(stored.data.parts)
  if (!parts.success)
    throw new RangeError(`not a stored ${stored.data.learner} model: ${z.prettifyError(parts.error)}`)
  const misfit = found.misfit(parts.data, stored.data.featureNames.length)
  if (misfit) throw new RangeError(`not a stored ${stored.data.learner} model: parts: ${misfit}`)
  return modelOf(stored.data.learner, stored.data.featureNames, parts.data)
}
