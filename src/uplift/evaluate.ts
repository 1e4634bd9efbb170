/**
 * The evaluation protocol: a stratified split (by arm × outcome) with a seeded generator, a model trained on
 * the train part, and scikit-uplift's metrics on the test part. The CLI and the Hillstrom bench both run it.
 */
import { qiniAucScore, upliftAtK, upliftAucScore } from './metrics.js'
import { seededRandom, shuffle } from './random.js'
import {
  DEFAULT_LEARNER,
  type LearnerName,
  learnerOutcome,
  trainUplift,
  type UpliftData,
} from './train-uplift.js'

export interface EvaluateOptions {
  seed: number
  /** Share of each stratum held out for testing; 0.3 by default. */
  testShare?: number
  learner?: LearnerName
}

/** The test-part metrics of one learner. */
export interface UpliftEvaluation {
  learner: LearnerName
  qini: number
  /** null for a continuous outcome: sklift's perfect uplift curve is defined for 0/1 outcomes only. */
  auuc: number | null
  upliftAt30: number
  rows: { train: number; test: number }
  /** Wall time of training, for the bench (not printed by the CLI). */
  trainMilliseconds: number
}

/**
 * Row indices of the train and test parts. Each stratum (arm × outcome, or arm × "outcome above 0" for a
 * continuous one) is shuffled and the first round(share × size) of it go to the test part.
 */
export function stratifiedSplit(
  treatment: ArrayLike<number>,
  outcome: ArrayLike<number>,
  testShare: number,
  seed: number,
): { train: number[]; test: number[] } {
  if (!(testShare > 0 && testShare < 1))
    throw new RangeError(`the test share must be in (0, 1), got ${testShare}`)
  const strata = new Map<string, number[]>()
  for (let i = 0; i < treatment.length; i++) {
    const key = `${treatment[i]}:${outcome[i]! > 0 ? 1 : 0}`
    const stratum = strata.get(key) ?? []
    stratum.push(i)
    strata.set(key, stratum)
  }
  const random = seededRandom(seed)
  const train: number[] = []
  const test: number[] = []
  for (const key of [...strata.keys()].sort()) {
    const stratum = shuffle(strata.get(key)!, random)
    const testSize = Math.round(stratum.length * testShare)
    test.push(...stratum.slice(0, testSize))
    train.push(...stratum.slice(testSize))
  }
  const ascending = (a: number, b: number) => a - b
  return { train: train.sort(ascending), test: test.sort(ascending) }
}

function subset(data: UpliftData, indices: number[]): UpliftData {
  return {
    featureNames: data.featureNames,
    rows: indices.map((i) => data.rows[i]!),
    treatment: indices.map((i) => data.treatment[i]!),
    outcome: indices.map((i) => data.outcome[i]!),
  }
}

/** Splits, trains on the train part, and scores the test part with qini, AUUC and uplift@30% (overall). */
export function evaluateUplift(data: UpliftData, options: EvaluateOptions): UpliftEvaluation {
  const learner = options.learner ?? DEFAULT_LEARNER
  const { train, test } = stratifiedSplit(
    data.treatment,
    data.outcome,
    options.testShare ?? 0.3,
    options.seed,
  )
  const started = performance.now()
  const model = trainUplift(subset(data, train), { learner, seed: options.seed })
  const trainMilliseconds = performance.now() - started
  const held = subset(data, test)
  const scores = held.rows.map((row) => model.predict(row))
  return {
    learner,
    qini: qiniAucScore(held.outcome, scores, held.treatment),
    auuc: learnerOutcome(learner) === 'binary' ? upliftAucScore(held.outcome, scores, held.treatment) : null,
    upliftAt30: upliftAtK(held.outcome, scores, held.treatment, 0.3, 'overall'),
    rows: { train: train.length, test: test.length },
    trainMilliseconds,
  }
}
