import {
  type AnalysisOptions,
  analyseExperiment,
  type Estimate,
  type ExperimentUnit,
  summariseArm,
} from '../stats/index.js'
import type { UpliftData, UpliftModel } from '../uplift/index.js'
import { bucketOf } from './holdout.js'

/** What aiming the campaign by a model trained on it would have done, estimated by cross-fitting. */
export interface TargetingValue {
  /** The share a model would have taken (the customers it predicts the campaign moves most). */
  topShare: number
  /** Incremental profit among the top share's treated customers: the campaign sent to them alone. */
  profitIfTopOnly: Estimate | null
  /** Incremental profit among the others' treated customers: what sending to them earned (or lost). */
  profitOfTheRest: Estimate | null
  /** What leaving the rest out would have saved: minus their profit, with its interval. */
  saved: Estimate | null
  folds: number
}

const negated = (e: Estimate): Estimate => ({
  estimate: -e.estimate,
  interval: { lower: -e.interval.upper, upper: -e.interval.lower },
  fixed: { lower: -e.fixed.upper, upper: -e.fixed.lower },
  sequential: e.sequential ? { lower: -e.sequential.upper, upper: -e.sequential.lower } : null,
  pValue: e.pValue,
})

/**
 * Pure: the value of targeting the top share by predicted uplift, estimated honestly on the campaign's own
 * data by cross-fitting: customers are split in two by a hash of their id; a model trained on one half
 * ranks the other, so no customer is ranked by a model that saw their outcome. Within each half the top
 * share is taken; the top customers of both halves, and the rest, are then each a randomised experiment of
 * their own (ranking uses features fixed before exposure), analysed like the campaign. Null figures when
 * a half cannot be trained on (an arm missing) or a group has too few customers.
 */
export function targetingValue(
  data: UpliftData & { customers: readonly string[] },
  units: readonly ExperimentUnit[],
  options: AnalysisOptions,
  train: (data: UpliftData) => UpliftModel,
  topShare = 0.3,
): TargetingValue {
  const folds = 2
  const foldOf = data.customers.map((id) => (bucketOf('cross-fit', id) < 0.5 ? 0 : 1))
  const top: ExperimentUnit[] = []
  const rest: ExperimentUnit[] = []
  const empty = { topShare, profitIfTopOnly: null, profitOfTheRest: null, saved: null, folds }
  for (let fold = 0; fold < folds; fold++) {
    const trainOn = foldOf.flatMap((f, i) => (f === fold ? [] : [i]))
    const scoreOn = foldOf.flatMap((f, i) => (f === fold ? [i] : []))
    let model: UpliftModel
    try {
      model = train({
        featureNames: data.featureNames,
        rows: trainOn.map((i) => data.rows[i] ?? []),
        treatment: trainOn.map((i) => data.treatment[i] ?? 0),
        outcome: trainOn.map((i) => data.outcome[i] ?? 0),
      })
    } catch (error) {
      if (error instanceof RangeError) return empty
      throw error
    }
    const ranked = scoreOn
      .map((i) => ({ i, score: model.predict(data.rows[i] ?? []) }))
      .sort((a, b) => b.score - a.score || a.i - b.i)
    const cut = Math.round(ranked.length * topShare)
    for (const [rank, { i }] of ranked.entries()) {
      const unit = units[i]
      if (unit) (rank < cut ? top : rest).push(unit)
    }
  }
  const profit = (group: ExperimentUnit[]) =>
    analyseExperiment(
      { treatment: summariseArm(group, 'treatment'), holdout: summariseArm(group, 'holdout') },
      options,
    ).money.incrementalProfit
  const profitOfTheRest = profit(rest)
  return {
    topShare,
    profitIfTopOnly: profit(top),
    profitOfTheRest,
    saved: profitOfTheRest ? negated(profitOfTheRest) : null,
    folds,
  }
}
