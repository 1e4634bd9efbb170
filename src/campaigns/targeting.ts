import { quantile } from './report-segments.js'

/** A campaign's aim at the customers a model says it moves most. */
export interface Targeting {
  /** The stored model (trained on an earlier campaign) that scores each candidate. */
  upliftModel: string
  /** The share of the audience to take, by predicted uplift (1: everyone). */
  topShare: number
}

/** How many quantiles of the training population's scores a model keeps: the thresholds of top shares. */
export const SCORE_QUANTILES = 100

/** Pure: the quantiles 0, 1/100, …, 1 of scores (R's type 7), what a top share's threshold is read from. */
export function scoreQuantiles(scores: readonly number[]): number[] {
  const sorted = [...scores].sort((a, b) => a - b)
  if (sorted.length === 0) return []
  return Array.from({ length: SCORE_QUANTILES + 1 }, (_, k) => quantile(sorted, k / SCORE_QUANTILES))
}

/**
 * Pure: the score a candidate needs to be in the top share: the (1 − share) quantile of the scores of the
 * population the model was trained on, so a campaign whose candidates come one trigger at a time still
 * takes about that share. Everyone passes at a share of 1.
 */
export function scoreThreshold(quantiles: readonly number[], topShare: number): number {
  if (topShare >= 1 || quantiles.length === 0) return Number.NEGATIVE_INFINITY
  const sorted = quantiles as number[]
  return quantile(sorted, 1 - topShare)
}

/**
 * Pure: which candidates a targeted campaign takes, before any arm is drawn: both arms then come from the
 * same targeted set, so the holdout is what the treatment would have been without the campaign and the
 * report stays unbiased for the customers the campaign aimed at.
 */
export function targetedCandidates<T>(
  candidates: readonly T[],
  score: (candidate: T) => number,
  threshold: number,
): T[] {
  return candidates.filter((c) => score(c) >= threshold)
}
