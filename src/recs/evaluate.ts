/**
 * `reel recs evaluate`: the next-basket benchmark's protocol (Li et al., ACM TOIS 2023). A seeded share of
 * users is the test set; each test user's last basket is the target and the rest their history; the model
 * counts every other user's baskets whole plus the test users' histories. Reel and the paper's three
 * baselines are scored in the same run with the paper's metrics, then again on new items only (target items
 * the user never bought before, for users who have any), where the baselines are popularity without the
 * user's history.
 */
import { seededRandom, shuffle } from '../uplift/index.js'
import { BasketModel, type BasketModelOptions } from './basket-model.js'
import { ndcgAtK, phrAtK, recallAtK } from './metrics.js'
import { DEFAULT_PARAMETERS, recommend, type ScoringParameters } from './score.js'
import type { Basket } from './types.js'

export interface RankingMetrics {
  recall: number
  ndcg: number
  phr: number
}

export interface NextBasketEvaluation {
  k: number
  users: { train: number; test: number; testWithNewItems: number }
  methods: Record<string, RankingMetrics>
  newItems: { methods: Record<string, RankingMetrics> }
  model: { items: number; pairs: number; baskets: number; buildSeconds: number; scoreSeconds: number }
}

export interface EvaluateOptions {
  testShare: number
  seed: number
  k: number
  parameters?: ScoringParameters
  /** Popularity's recency weighting; by default a basket k baskets before its customer's last counts 0.75^k. */
  popularityWeight?: BasketModelOptions['popularityWeight']
}

/** A benchmark file has no dates: its baskets are placed a day apart, in order (see Basket.at). */
export function undatedBaskets(baskets: readonly (readonly string[])[]): Basket[] {
  return baskets.map((items, i) => ({ at: i * 86_400_000, items }))
}

/** Default popularity recency for undated baskets: the paper's data are in time order per user only. */
export const BENCHMARK_POPULARITY_DECAY = 0.75

/** Popularity's half-life and window for dated orders, as the database's recent bestsellers (queries.ts). */
export const POPULARITY_HALF_LIFE_DAYS = 28
export const POPULARITY_WINDOW_DAYS = 182

/** A dated order's weight in popularity at `now`: halved every 4 weeks, none past 26 weeks. */
export function datedPopularityWeight(now: number): BasketModelOptions['popularityWeight'] {
  return (_after, basket) => {
    const days = (now - basket.at) / 86_400_000
    return days > POPULARITY_WINDOW_DAYS ? 0 : 0.5 ** (Math.max(0, days) / POPULARITY_HALF_LIFE_DAYS)
  }
}

/**
 * A shop's own orders: every repeat customer's last order held out (test share 1 unless told), the model
 * counting everything else, popularity by date as of the last order held out.
 */
export function evaluateShopOrders(
  customers: ReadonlyMap<string, readonly Basket[]>,
  options: { k: number; seed?: number; testShare?: number },
): NextBasketEvaluation {
  let now = 0
  for (const baskets of customers.values()) if (baskets.length >= 2) now = Math.max(now, baskets.at(-1)!.at)
  return evaluateNextBasket(customers, {
    k: options.k,
    seed: options.seed ?? 0,
    testShare: options.testShare ?? 1,
    popularityWeight: datedPopularityWeight(now),
  })
}

class MetricSums {
  private recall = 0
  private ndcg = 0
  private phr = 0
  private n = 0
  add(truth: readonly string[], ranked: readonly string[], k: number): void {
    this.recall += recallAtK(truth, ranked, k)
    this.ndcg += ndcgAtK(truth, ranked, k)
    this.phr += phrAtK(truth, ranked, k)
    this.n++
  }
  mean(): RankingMetrics {
    const n = Math.max(1, this.n)
    return { recall: this.recall / n, ndcg: this.ndcg / n, phr: this.phr / n }
  }
}

function byFrequency(history: readonly Basket[]): string[] {
  const count = new Map<string, number>()
  for (const b of history) for (const item of b.items) count.set(item, (count.get(item) ?? 0) + 1)
  // Stable sort keeps first-seen order among ties, as the paper's Python sort of a dict does.
  return [...count].sort((a, b) => b[1] - a[1]).map(([item]) => item)
}

/**
 * Splits users into train and test by the seed (sorted first, so the split is the file's, not its order's).
 * Only users with a history and a target (two baskets or more) can be tested; the others always train.
 */
export function splitUsers(users: ReadonlyMap<string, readonly Basket[]>, testShare: number, seed: number) {
  const testable = [...users.keys()].filter((u) => users.get(u)!.length >= 2).sort()
  const shuffled = shuffle(testable, seededRandom(seed))
  const testCount = Math.round(shuffled.length * testShare)
  const test = shuffled.slice(0, testCount)
  const tested = new Set(test)
  return { train: [...users.keys()].filter((u) => !tested.has(u)), test }
}

export function evaluateNextBasket(
  users: ReadonlyMap<string, readonly Basket[]>,
  options: EvaluateOptions,
): NextBasketEvaluation {
  const { k } = options
  const parameters = options.parameters ?? DEFAULT_PARAMETERS
  const { train, test } = splitUsers(users, options.testShare, options.seed)
  const started = performance.now()
  const model = new BasketModel({
    popularityWeight: options.popularityWeight ?? ((after) => BENCHMARK_POPULARITY_DECAY ** after),
  })
  const globalCount = new Map<string, number>()
  const countGlobal = (baskets: readonly Basket[]) => {
    for (const b of baskets)
      for (const item of b.items) globalCount.set(item, (globalCount.get(item) ?? 0) + 1)
  }
  for (const user of train) {
    model.addCustomer(users.get(user)!)
    // The paper's popularity (its `*_pop.csv`) counts every user's history, never a last basket.
    countGlobal(users.get(user)!.slice(0, -1))
  }
  for (const user of test) {
    const history = users.get(user)!.slice(0, -1)
    model.addCustomer(history)
    countGlobal(history)
  }
  const topFreq = [...globalCount].sort((a, b) => b[1] - a[1]).map(([item]) => item)
  const built = performance.now()

  const names = ['reel', 'G-TopFreq', 'P-TopFreq', 'GP-TopFreq'] as const
  const all = Object.fromEntries(names.map((n) => [n, new MetricSums()])) as Record<
    (typeof names)[number],
    MetricSums
  >
  const fresh = { reel: new MetricSums(), popularity: new MetricSums() }
  let testWithNewItems = 0
  for (const user of test) {
    const baskets = users.get(user)!
    const history = baskets.slice(0, -1)
    const truth = baskets[baskets.length - 1]!.items
    // Recommended the day after the last order of the history (dated or not): "just bought" is that order.
    const now = history[history.length - 1]!.at + 86_400_000
    const input = model.inputFor(history, now)
    const personal = byFrequency(history)
    const mine = new Set(personal)
    // One ranking serves both tables: asking for new items only filters out what the user bought.
    const ranking = recommend(input, { limit: k + mine.size }, parameters).map((r) => r.item)
    const reel = ranking.slice(0, k)
    const padded = [...personal, ...topFreq.slice(0, k + mine.size).filter((item) => !mine.has(item))].slice(
      0,
      k,
    )
    all.reel.add(truth, reel, k)
    all['G-TopFreq'].add(truth, topFreq, k)
    all['P-TopFreq'].add(truth, personal, k)
    all['GP-TopFreq'].add(truth, padded, k)

    const bought = mine
    const newTruth = truth.filter((item) => !bought.has(item))
    if (newTruth.length === 0) continue
    testWithNewItems++
    const reelNew = ranking.filter((item) => !bought.has(item)).slice(0, k)
    fresh.reel.add(newTruth, reelNew, k)
    fresh.popularity.add(
      newTruth,
      topFreq
        .slice(0, k + bought.size)
        .filter((item) => !bought.has(item))
        .slice(0, k),
      k,
    )
  }
  const scored = performance.now()
  return {
    k,
    users: { train: train.length, test: test.length, testWithNewItems },
    methods: Object.fromEntries(names.map((n) => [n, all[n].mean()])),
    newItems: {
      // On new items the user's own frequency has nothing to offer, and padding it with popularity is
      // popularity: G-TopFreq and GP-TopFreq both rank the bestsellers the user never bought.
      methods: {
        reel: fresh.reel.mean(),
        'G-TopFreq': fresh.popularity.mean(),
        'P-TopFreq': { recall: 0, ndcg: 0, phr: 0 },
        'GP-TopFreq': fresh.popularity.mean(),
      },
    },
    model: {
      ...model.size(),
      buildSeconds: (built - started) / 1000,
      scoreSeconds: (scored - built) / 1000,
    },
  }
}
