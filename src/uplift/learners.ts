/**
 * The uplift learners: each trains on randomised data (treatment flag, outcome, features) and predicts the
 * individual treatment effect, τ(x) = E[y | x, treated] − E[y | x, control].
 */
import { z } from 'zod'
import { fitLogistic, fitRidge, type LinearModel, linearModelSchema, predictLinear } from './linear-model.js'

/** Training data already checked by trainUplift: rows of numbers, treatment 0/1, outcome. */
export interface TrainingSet {
  rows: number[][]
  treatment: ArrayLike<number>
  outcome: number[]
  seed: number
}

/** A learner: how it trains, what it stores, and how it predicts from what it stored. */
export interface Learner<Parts> {
  /** 'binary' learners need a 0/1 outcome; 'continuous' ones take any number (spend). */
  outcome: 'binary' | 'continuous'
  description: string
  train(data: TrainingSet): Parts
  schema: z.ZodType<Parts>
  predict(parts: Parts, row: readonly number[]): number
}

// scikit-learn's LogisticRegression default (C = 1) on standardised features.
const DEFAULT_L2 = 1

function byArm(data: TrainingSet, arm: 0 | 1) {
  const rows: number[][] = []
  const outcome: number[] = []
  data.rows.forEach((row, i) => {
    if (data.treatment[i] === arm) {
      rows.push(row)
      outcome.push(data.outcome[i]!)
    }
  })
  return { rows, outcome }
}

const twoModelsSchema = z.object({ treated: linearModelSchema, control: linearModelSchema })
type TwoModels = { treated: LinearModel; control: LinearModel }

/** One model per arm; the uplift is the difference of their predictions (the "T-learner"). */
function twoModels(
  fit: typeof fitLogistic,
  outcome: 'binary' | 'continuous',
  description: string,
): Learner<TwoModels> {
  return {
    outcome,
    description,
    train(data) {
      const treated = byArm(data, 1)
      const control = byArm(data, 0)
      return {
        treated: fit(treated.rows, treated.outcome, { l2: DEFAULT_L2 }),
        control: fit(control.rows, control.outcome, { l2: DEFAULT_L2 }),
      }
    },
    schema: twoModelsSchema,
    predict: (parts, row) => predictLinear(parts.treated, row) - predictLinear(parts.control, row),
  }
}

/**
 * Class transformation (Jaskowski and Jaroszewicz 2012, sklift's ClassTransformation): z = 1 for treated
 * responders and control non-responders; with equal arms τ(x) = 2 P(z = 1 | x) − 1.
 */
const classTransformation: Learner<{ model: LinearModel }> = {
  outcome: 'binary',
  description: 'class transformation on L2 logistic regression (assumes arms of about equal size)',
  train(data) {
    const z = data.outcome.map((y, i) => (y === data.treatment[i] ? 1 : 0))
    return { model: fitLogistic(data.rows, z, { l2: DEFAULT_L2 }) }
  },
  schema: z.object({ model: linearModelSchema }),
  predict: (parts, row) => 2 * predictLinear(parts.model, row) - 1,
}

/**
 * One logistic regression on [x, (t − ½)·x, t − ½] (an "S-learner" with treatment interactions): the arms
 * share the main effects, and the interactions, which carry the uplift, are shrunk ten times harder toward
 * an effect that is the same for everyone.
 */
const INTERACTION_PENALTY = 10
const interactionDesign = (row: readonly number[], arm: number) => [
  ...row,
  ...row.map((v) => v * (arm - 0.5)),
  arm - 0.5,
]
const interactions: Learner<{ model: LinearModel }> = {
  outcome: 'binary',
  description: 'one L2 logistic regression with treatment interactions, the interactions shrunk harder',
  train(data) {
    const d = data.rows[0]!.length
    const rows = data.rows.map((row, i) => interactionDesign(row, data.treatment[i]!))
    const penaltyFactors = [...new Array(d).fill(1), ...new Array(d).fill(INTERACTION_PENALTY), 0]
    return { model: fitLogistic(rows, data.outcome, { l2: DEFAULT_L2, penaltyFactors }) }
  },
  schema: z.object({ model: linearModelSchema }),
  predict: (parts, row) =>
    predictLinear(parts.model, interactionDesign(row, 1)) -
    predictLinear(parts.model, interactionDesign(row, 0)),
}

/** Every learner Reel ships, by name. */
export const LEARNERS = {
  'two-model-logistic': twoModels(fitLogistic, 'binary', 'one L2 logistic regression per arm'),
  'class-transformation-logistic': classTransformation,
  'interaction-logistic': interactions,
  'two-model-ridge': twoModels(fitRidge, 'continuous', 'one ridge regression per arm (continuous outcomes)'),
} satisfies Record<string, Learner<unknown>>
