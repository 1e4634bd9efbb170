/**
 * The recommender's scoring: pure, over the facts in a RecsInput. Five sources, each scaled to [0, 1] and
 * blended by fixed weights (DEFAULT_PARAMETERS below, tuned by hand on Ta-Feng's split of seed 1000, never on
 * the reported seeds 0-4); shop rules come first whatever the blend says.
 *
 * - repeat: the customer's own baskets holding the item, each weighted by recency (a basket k orders old
 *   counts REPEAT_DECAY^k), over the same weights of all baskets: how much of the customer's recent life
 *   the item is part of. With dated orders, an item not yet due again (less than its re-order gap since
 *   it was last bought) is damped by the share of the gap elapsed.
 * - next: "bought X, needs Y": for each item X of the customer's recent baskets, the share of X's orders
 *   followed by an order holding Y, shrunk towards 0 for items seen rarely (NEXT_SHRINK pseudo-orders).
 * - together: the share of X's orders that also hold Y, shrunk likewise and divided by Y's popularity to
 *   the power TOGETHER_LIFT, so bestsellers that sit in every basket do not win on counts alone.
 * - popular: recent popularity over the bestseller's.
 * - category next: X's category followed by Y's category in next orders, carried to Y by Y's rank in its
 *   category; it lets a new product inherit what its category is known for.
 */
import type {
  Basket,
  ComplementRule,
  ItemNeighbours,
  Reason,
  Recommendation,
  RecommendOptions,
  RecsInput,
} from './types.js'

const DAY_MS = 86_400_000

export interface BlendWeights {
  repeat: number
  next: number
  together: number
  popular: number
  categoryNext: number
}

export interface ScoringParameters {
  weights: BlendWeights
  /** Weight of a basket k orders before the latest: REPEAT_DECAY^k. */
  repeatDecay: number
  /** How many of the latest baskets lend their items to "next" and "together". */
  sourceBaskets: number
  /** Decay of a source basket's pull by its age (in orders). */
  sourceDecay: number
  nextShrink: number
  togetherShrink: number
  togetherLift: number
  /** Least factor on the repeat score of a product not yet due again (bought less than its gap ago). */
  notDueFloor: number
  /** Factor on the repeat score of a product no customer has ever bought twice. */
  oneOffRepeat: number
  /** Orders in the last this many days count as "just bought" (not shown again unless they are repeats). */
  justBoughtDays: number
}

export const DEFAULT_PARAMETERS: ScoringParameters = {
  weights: { repeat: 1, next: 1, together: 0.1, popular: 0.5, categoryNext: 0.1 },
  repeatDecay: 0.9,
  sourceBaskets: 3,
  sourceDecay: 0.6,
  nextShrink: 10,
  togetherShrink: 10,
  togetherLift: 0.1,
  notDueFloor: 0.5,
  oneOffRepeat: 0.3,
  justBoughtDays: 14,
}

/**
 * One source's running score for one item. A source's score sums over its evidence; its reason names the
 * strongest piece, built only for the items that make the list (scoring touches far more items than it shows).
 */
interface Accumulated {
  score: number
  best: number
  reason: () => Reason
}

type Contributions = Map<string, Map<keyof BlendWeights, Accumulated>>

function add(
  all: Contributions,
  item: string,
  source: keyof BlendWeights,
  score: number,
  reason: () => Reason,
): void {
  let bySource = all.get(item)
  if (!bySource) {
    bySource = new Map()
    all.set(item, bySource)
  }
  const known = bySource.get(source)
  if (!known) bySource.set(source, { score, best: score, reason })
  else {
    known.score += score
    if (score > known.best) {
      known.best = score
      known.reason = reason
    }
  }
}

function dated(history: readonly Basket[]): boolean {
  // A benchmark file's baskets carry positions, not dates (see Basket.at): nothing before 1971 is a date.
  return history.length > 0 && history[0]!.at > 365 * DAY_MS
}

function meanGapDays(times: readonly number[]): number | null {
  if (times.length < 2) return null
  return (times[times.length - 1]! - times[0]!) / DAY_MS / (times.length - 1)
}

function repeatScores(input: RecsInput, p: ScoringParameters, all: Contributions, isDated: boolean): void {
  const { history } = input
  const n = history.length
  if (n === 0) return
  const boughtAt = new Map<string, number[]>()
  const weightOf = new Map<string, number>()
  let totalWeight = 0
  history.forEach((basket, index) => {
    const w = p.repeatDecay ** (n - 1 - index)
    totalWeight += w
    for (const item of basket.items) {
      weightOf.set(item, (weightOf.get(item) ?? 0) + w)
      const times = boughtAt.get(item)
      if (times) times.push(basket.at)
      else boughtAt.set(item, [basket.at])
    }
  })
  for (const [item, weight] of weightOf) {
    const times = boughtAt.get(item)!
    const last = times[times.length - 1]!
    const gapDays = isDated ? (meanGapDays(times) ?? input.reorderDays.get(item) ?? null) : null
    const expectedReorderAt = gapDays === null ? null : last + gapDays * DAY_MS
    const due =
      expectedReorderAt === null ? 1 : Math.min(1, (input.now - last) / (expectedReorderAt - last || 1))
    // A product nobody has ever bought twice (a yoga mat) is rarely bought again: its repeat is damped.
    const oneOff = times.length === 1 && !input.reorderDays.has(item) ? p.oneOffRepeat : 1
    const score = (weight / totalWeight) * Math.max(p.notDueFloor, due) * oneOff
    add(all, item, 'repeat', score, () => ({
      source: 'repeat',
      score,
      timesBought: times.length,
      lastBoughtAt: last,
      expectedReorderAt,
    }))
  }
}

/** The items of the latest baskets (and the context), each with its pull: newer baskets pull harder. */
function sourceItems(input: RecsInput, p: ScoringParameters): Map<string, number> {
  const pull = new Map<string, number>()
  const raise = (item: string, w: number) => pull.set(item, Math.max(pull.get(item) ?? 0, w))
  if (input.context && input.context.length > 0) {
    for (const item of input.context) raise(item, 1 / input.context.length)
    return pull
  }
  const recent = input.history.slice(-p.sourceBaskets)
  recent.forEach((basket, index) => {
    const w = p.sourceDecay ** (recent.length - 1 - index) / basket.items.length
    for (const item of basket.items) raise(item, w)
  })
  return pull
}

function neighbourScores(
  input: RecsInput,
  p: ScoringParameters,
  all: Contributions,
  sources: Map<string, number>,
): void {
  const total = Math.max(1, input.totalBaskets)
  for (const [x, pull] of sources) {
    const nb: ItemNeighbours | undefined = input.neighbours.get(x)
    if (!nb) continue
    for (const [y, times] of nb.next) {
      if (y === x && !input.context) continue
      const score = (pull * times) / (nb.followed + p.nextShrink)
      add(all, y, 'next', score, () => ({ source: 'next', score, afterItem: x, afterCategory: null, times }))
    }
    for (const [y, orders] of nb.together) {
      const share = orders / (nb.baskets + p.togetherShrink)
      const popularity = Math.max(1, input.basketsOf.get(y) ?? orders) / total
      const score = (pull * share) / popularity ** p.togetherLift
      add(all, y, 'together', score, () => ({
        source: 'together',
        score,
        withItem: x,
        orders,
        lift: share / popularity,
      }))
    }
  }
}

function categoryOf(input: RecsInput, item: string): string | null {
  return input.products.get(item)?.category ?? null
}

function categoryNextScores(input: RecsInput, all: Contributions, sources: Map<string, number>): void {
  const pullOf = new Map<string, number>()
  for (const [x, pull] of sources) {
    const c = categoryOf(input, x)
    if (c !== null) pullOf.set(c, (pullOf.get(c) ?? 0) + pull)
  }
  for (const [from, pull] of pullOf) {
    const followers = input.categoryNext.get(from)
    if (!followers) continue
    let sum = 0
    for (const times of followers.values()) sum += times
    for (const [to, times] of followers) {
      const best = input.popularIn.get(to) ?? []
      const top = best[0]?.weight ?? 0
      for (const { item, weight } of best.slice(0, 20)) {
        const score = (pull * times * weight) / (sum * (top || 1))
        add(all, item, 'categoryNext', score, () => ({
          source: 'next',
          score,
          afterItem: null,
          afterCategory: from,
          times,
        }))
      }
    }
  }
}

function popularScores(input: RecsInput, all: Contributions): void {
  const top = input.popular[0]?.weight ?? 0
  if (top <= 0) return
  input.popular.forEach(({ item, weight }, rank) => {
    const score = weight / top
    add(all, item, 'popular', score, () => ({ source: 'popular', score, category: null, rank: rank + 1 }))
  })
}

/** Products the shop's rules put first, in rule order then category rank. */
function ruleItems(
  input: RecsInput,
  bought: ReadonlySet<string>,
): Array<{ item: string; rule: ComplementRule }> {
  const categories = new Set<string>()
  for (const item of [...bought, ...(input.context ?? [])]) {
    const c = categoryOf(input, item)
    if (c !== null) categories.add(c)
  }
  const picked: Array<{ item: string; rule: ComplementRule }> = []
  for (const rule of input.rules) {
    if (!categories.has(rule.fromCategory)) continue
    for (const { item } of input.popularIn.get(rule.toCategory) ?? []) picked.push({ item, rule })
  }
  return picked
}

/** Ranks products for the customer in `input`, best first, each with the sources that put it there. */
export function recommend(
  input: RecsInput,
  options: RecommendOptions,
  parameters: ScoringParameters = DEFAULT_PARAMETERS,
): Recommendation[] {
  const p = parameters
  const isDated = dated(input.history)
  const all: Contributions = new Map()
  const sources = sourceItems(input, p)
  repeatScores(input, p, all, isDated)
  neighbourScores(input, p, all, sources)
  categoryNextScores(input, all, sources)
  popularScores(input, all)

  const boughtCount = new Map<string, number>()
  for (const basket of input.history)
    for (const item of basket.items) boughtCount.set(item, (boughtCount.get(item) ?? 0) + 1)
  // Just bought: the context order, and orders of the last days (undated: the latest order).
  const justBought = new Set(input.context ?? [])
  const latest = input.history[input.history.length - 1]
  for (const basket of input.history)
    if (isDated ? input.now - basket.at <= p.justBoughtDays * DAY_MS : basket === latest)
      for (const item of basket.items) justBought.add(item)
  const isRepeatPurchase = (item: string) => (boughtCount.get(item) ?? 0) >= 2 || input.reorderDays.has(item)
  const allowed = (item: string) =>
    input.products.get(item)?.available !== false &&
    !options.exclude?.has(item) &&
    !(options.newOnly && boughtCount.has(item)) &&
    !(justBought.has(item) && !isRepeatPurchase(item))

  const ranked: Recommendation[] = []
  const taken = new Set<string>()
  for (const { item, rule } of ruleItems(input, new Set(boughtCount.keys()))) {
    if (taken.has(item) || !allowed(item)) continue
    taken.add(item)
    ranked.push({
      item,
      score: Number.POSITIVE_INFINITY,
      source: 'rule',
      reasons: [{ source: 'rule', rule, score: 1 }],
    })
    if (ranked.length >= options.limit) return ranked
  }

  const weights = p.weights
  const blended: Array<{ item: string; score: number; bySource: Map<keyof BlendWeights, Accumulated> }> = []
  for (const [item, bySource] of all) {
    if (taken.has(item) || !allowed(item)) continue
    let score = 0
    for (const [source, acc] of bySource) score += acc.score * weights[source]
    if (score > 0) blended.push({ item, score, bySource })
  }
  blended.sort((a, b) => b.score - a.score || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0))
  for (const { item, score, bySource } of blended.slice(0, options.limit - ranked.length)) {
    const reasons = [...bySource].map(([source, acc]) => ({
      ...acc.reason(),
      score: acc.score * weights[source],
    }))
    reasons.sort((a, b) => b.score - a.score)
    ranked.push({ item, score, source: reasons[0]!.source, reasons })
  }
  return ranked
}
