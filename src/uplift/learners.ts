/**
 * The uplift learners: each trains on randomised data (treatment flag, outcome, features) and predicts the
 * individual treatment effect, τ(x) = E[y | x, treated] − E[y | x, control].
 */
import { z } from 'zod'
import { fitLogistic, fitRidge, type LinearModel, linearModelSchema, predictLinear } from './linear-model.js'
import { qiniAucScore } from './metrics.js'
import { seededRandom } from './random.js'

/** Training data already checked by trainUplift: rows of numbers, treatment 0/1, outcome. */
export interface TrainingSet {
  rows: number[][]
  treatment: ArrayLike<number>
  outcome: number[]
  /** The features' names as encodeTable wrote them ('history', 'log1p(history)', 'channel=Web', …). */
  featureNames: string[]
  seed: number
}

/** A learner: how it trains, what it stores, and how it predicts from what it stored. */
export interface Learner<Parts> {
  /** 'binary' learners need a 0/1 outcome; 'continuous' ones take any number (spend). */
  outcome: 'binary' | 'continuous'
  description: string
  train(data: TrainingSet): Parts
  schema: z.ZodType<Parts>
  /** What is wrong with stored parts for rows of `width` features (a model edited or from other data), or null. */
  misfit(parts: Parts, width: number): string | null
  predict(parts: Parts, row: readonly number[]): number
}

/** Each linear model must read rows of `width` numbers. */
function linearMisfit(models: Record<string, LinearModel>, width: number): string | null {
  for (const [name, model] of Object.entries(models))
    if (model.coefficients.length !== width)
      return `${name} has ${model.coefficients.length} coefficients for ${width} features`
  return null
}

// scikit-learn's LogisticRegression default (C = 1) on standardised features.
const DEFAULT_L2 = 1

type Rows = readonly (readonly number[])[]

function byArm(rows: Rows, treatment: ArrayLike<number>, outcome: readonly number[], arm: 0 | 1) {
  const armRows: (readonly number[])[] = []
  const armOutcome: number[] = []
  rows.forEach((row, i) => {
    if (treatment[i] === arm) {
      armRows.push(row)
      armOutcome.push(outcome[i]!)
    }
  })
  return { rows: armRows, outcome: armOutcome }
}

const twoModelsSchema = z.object({ treated: linearModelSchema, control: linearModelSchema })
type TwoModels = { treated: LinearModel; control: LinearModel }

function fitArms(
  fit: typeof fitLogistic,
  rows: Rows,
  treatment: ArrayLike<number>,
  outcome: number[],
): TwoModels {
  const treated = byArm(rows, treatment, outcome, 1)
  const control = byArm(rows, treatment, outcome, 0)
  return {
    treated: fit(treated.rows, treated.outcome, { l2: DEFAULT_L2 }),
    control: fit(control.rows, control.outcome, { l2: DEFAULT_L2 }),
  }
}

const armDifference = (parts: TwoModels, row: readonly number[]) =>
  predictLinear(parts.treated, row) - predictLinear(parts.control, row)

/** One model per arm; the uplift is the difference of their predictions (the "T-learner"). */
function twoModels(
  fit: typeof fitLogistic,
  outcome: 'binary' | 'continuous',
  description: string,
): Learner<TwoModels> {
  return {
    outcome,
    description,
    train: (data) => fitArms(fit, data.rows, data.treatment, data.outcome),
    schema: twoModelsSchema,
    misfit: (parts, width) => linearMisfit(parts, width),
    predict: armDifference,
  }
}

/** The table column a feature was encoded from: 'log1p(history)' is 'history', 'channel=Web' is 'channel'. */
const sourceColumn = (name: string) => name.replace(/^log1p\((.*)\)$/, '$1').replace(/=.*$/, '')
const pick = (row: readonly number[], columns: readonly number[]) => columns.map((j) => row[j]!)

// Three folds keep the search inside the 30 s training budget on 42,693 rows (Hillstrom).
const SELECTION_FOLDS = 3

/**
 * The two-model logistic on the table columns kept by a backward search on the training data only: starting
 * from every column, it drops, one at a time, the column (with all its encoded features) whose removal most
 * raises the Qini of the out-of-fold predictions (3 seeded folds, each row scored by the models fitted on
 * the other two), and stops when no removal raises it. On Hillstrom most of the ranking comes from one
 * column (`womens`); the other columns add noise to the difference of the two models.
 */
function selectColumns(data: TrainingSet): number[] {
  const everyColumn = data.featureNames.map((_, j) => j)
  const random = seededRandom(data.seed)
  const fold = data.rows.map(() => Math.floor(random() * SELECTION_FOLDS))
  const armsIn = (k: number, arm: number) =>
    data.rows.some((_, i) => fold[i] !== k && data.treatment[i] === arm)
  const foldsFit = [0, 1, 2].every((k) => armsIn(k, 0) && armsIn(k, 1))
  const bothOutcomes = data.outcome.includes(0) && data.outcome.includes(1)
  if (!foldsFit || !bothOutcomes) return everyColumn
  const outOfFoldQini = (columns: number[]) => {
    const rows = data.rows.map((row) => pick(row, columns))
    const scores = new Array<number>(rows.length)
    for (let k = 0; k < SELECTION_FOLDS; k++) {
      const inFold = rows.map((_, i) => fold[i] !== k)
      const parts = fitArms(
        fitLogistic,
        rows.filter((_, i) => inFold[i]),
        data.rows.flatMap((_, i) => (inFold[i] ? [data.treatment[i]!] : [])),
        data.outcome.filter((_, i) => inFold[i]),
      )
      rows.forEach((row, i) => {
        if (!inFold[i]) scores[i] = armDifference(parts, row)
      })
    }
    const qini = qiniAucScore(data.outcome, scores, data.treatment)
    return Number.isFinite(qini) ? qini : Number.NEGATIVE_INFINITY
  }
  const columnsOf = (kept: string[]) =>
    everyColumn.filter((j) => kept.includes(sourceColumn(data.featureNames[j]!)))
  let kept = [...new Set(data.featureNames.map(sourceColumn))]
  let best = outOfFoldQini(everyColumn)
  while (kept.length > 1) {
    let drop: string | null = null
    for (const column of kept) {
      const qini = outOfFoldQini(columnsOf(kept.filter((c) => c !== column)))
      if (qini > best) {
        best = qini
        drop = column
      }
    }
    if (drop === null) break
    kept = kept.filter((c) => c !== drop)
  }
  return columnsOf(kept)
}

const selectedTwoModels: Learner<TwoModels & { columns: number[] }> = {
  outcome: 'binary',
  description: 'one L2 logistic regression per arm on the columns kept by a cross-validated backward search',
  train(data) {
    const columns = selectColumns(data)
    const rows = data.rows.map((row) => pick(row, columns))
    return { columns, ...fitArms(fitLogistic, rows, data.treatment, data.outcome) }
  },
  schema: twoModelsSchema.extend({ columns: z.array(z.number().int().nonnegative()) }),
  misfit: ({ columns, treated, control }, width) =>
    columns.some((j) => j >= width)
      ? `columns reach past the ${width} features`
      : linearMisfit({ treated, control }, columns.length),
  predict: (parts, row) => armDifference(parts, pick(row, parts.columns)),
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
  misfit: (parts, width) => linearMisfit(parts, width),
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
  misfit: (parts, width) => linearMisfit(parts, 2 * width + 1),
  predict: (parts, row) =>
    predictLinear(parts.model, interactionDesign(row, 1)) -
    predictLinear(parts.model, interactionDesign(row, 0)),
}

/** Every learner Reel ships, by name. */
export const LEARNERS = {
  'two-model-logistic': twoModels(fitLogistic, 'binary', 'one L2 logistic regression per arm'),
  'class-transformation-logistic': classTransformation,
  'interaction-logistic': interactions,
  'selected-two-model-logistic': selectedTwoModels,
  'two-model-ridge': twoModels(fitRidge, 'continuous', 'one ridge regression per arm (continuous outcomes)'),
} satisfies Record<string, Learner<unknown>>
