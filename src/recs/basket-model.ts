/**
 * The recommender's counts in memory, built from customers' baskets: what the evaluation scores from (a
 * benchmark file, or a shop's orders read once). The database keeps the same counts incrementally
 * (src/recs/projection.ts); both hand `recommend` the same RecsInput.
 *
 * Pair counts are never all held: Ta-Feng alone has 7.6 million. Baskets are kept as arrays of item
 * numbers with an inverted index (item → baskets holding it), and an item's neighbours are counted when
 * first asked for, with one dense counter, then pruned to the strongest NEIGHBOUR_LIMIT. Memory stays
 * linear in the items bought.
 */
import type { Basket, ItemNeighbours, RecsInput, WeightedItem } from './types.js'

/** Pair counts are quadratic in a basket's size: items past this many in one basket are not paired. */
export const MAX_PAIRED_ITEMS = 50
/** Bestsellers handed to the scorer. */
const POPULAR_COUNT = 200
/**
 * Neighbours handed to the scorer per product, strongest first (orders together plus times next): a
 * bestseller sits beside thousands of products, and the database hands over as many (src/recs/queries.ts).
 */
export const NEIGHBOUR_LIMIT = 200
const DAY_MS = 86_400_000

export interface BasketModelOptions {
  /** A basket's weight in popularity, from how many baskets its customer made after it (recency). */
  popularityWeight(basketsAfter: number, basket: Basket): number
}

export class BasketModel {
  private readonly numberOf = new Map<string, number>()
  private readonly names: string[] = []
  /** Each basket's item numbers; paired are the first MAX_PAIRED_ITEMS. */
  private readonly baskets: Int32Array[] = []
  /** The same customer's following basket, or -1. */
  private readonly following: number[] = []
  /** Item number → baskets holding it. */
  private readonly holding: number[][] = []
  private readonly popularity: number[] = []
  private readonly reorderGaps: number[] = []
  private readonly reorderDaysSum: number[] = []
  private readonly neighbourCache = new Map<string, ItemNeighbours>()
  private popularCache: WeightedItem[] | null = null
  private basketsOfCache: Map<string, number> | null = null
  private reorderCache: Map<string, number> | null = null

  constructor(private readonly options: BasketModelOptions) {}

  private numberFor(item: string): number {
    let n = this.numberOf.get(item)
    if (n === undefined) {
      n = this.names.length
      this.numberOf.set(item, n)
      this.names.push(item)
      this.holding.push([])
      this.popularity.push(0)
      this.reorderGaps.push(0)
      this.reorderDaysSum.push(0)
    }
    return n
  }

  /** Counts one customer's baskets (oldest first). */
  addCustomer(baskets: readonly Basket[]): void {
    this.neighbourCache.clear()
    this.popularCache = null
    this.basketsOfCache = null
    this.reorderCache = null
    const lastBought = new Map<number, number>()
    baskets.forEach((basket, index) => {
      const id = this.baskets.length
      const items = Int32Array.from(new Set(basket.items), (item) => this.numberFor(item))
      this.baskets.push(items)
      this.following.push(index + 1 < baskets.length ? id + 1 : -1)
      const weight = this.options.popularityWeight(baskets.length - 1 - index, basket)
      for (const n of items) {
        this.holding[n]!.push(id)
        this.popularity[n]! += weight
        const before = lastBought.get(n)
        if (before !== undefined) {
          this.reorderGaps[n]!++
          this.reorderDaysSum[n]! += (basket.at - before) / DAY_MS
        }
        lastBought.set(n, basket.at)
      }
    })
  }

  /** One item's neighbours, counted on first use and pruned to the strongest NEIGHBOUR_LIMIT. */
  private neighbours(item: string): ItemNeighbours | undefined {
    const cached = this.neighbourCache.get(item)
    if (cached) return cached
    const a = this.numberOf.get(item)
    if (a === undefined) return undefined
    const together = new Map<number, number>()
    const next = new Map<number, number>()
    let followed = 0
    const holding = this.holding[a]!
    for (const id of holding) {
      const basket = this.baskets[id]!
      const paired = basket.subarray(0, MAX_PAIRED_ITEMS)
      if (!paired.includes(a)) continue
      for (const b of paired) if (b !== a) together.set(b, (together.get(b) ?? 0) + 1)
      const after = this.following[id]!
      if (after < 0) continue
      followed++
      for (const b of this.baskets[after]!.subarray(0, MAX_PAIRED_ITEMS)) next.set(b, (next.get(b) ?? 0) + 1)
    }
    const strength = new Map(together)
    for (const [b, times] of next) strength.set(b, (strength.get(b) ?? 0) + times)
    const kept = [...strength]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, NEIGHBOUR_LIMIT)
      .map(([b]) => b)
    const named = (counts: Map<number, number>) =>
      new Map(kept.flatMap((b) => (counts.has(b) ? [[this.names[b]!, counts.get(b)!] as const] : [])))
    const result = { baskets: holding.length, followed, together: named(together), next: named(next) }
    this.neighbourCache.set(item, result)
    return result
  }

  /** The shop's bestsellers by recency-weighted count. */
  popular(): WeightedItem[] {
    if (!this.popularCache)
      this.popularCache = this.popularity
        .map((weight, n) => ({ item: this.names[n]!, weight }))
        .sort((a, b) => b.weight - a.weight || (a.item < b.item ? -1 : 1))
        .slice(0, POPULAR_COUNT)
    return this.popularCache
  }

  private basketsOf(): Map<string, number> {
    if (!this.basketsOfCache)
      this.basketsOfCache = new Map(this.names.map((item, n) => [item, this.holding[n]!.length]))
    return this.basketsOfCache
  }

  private reorderDays(): Map<string, number> {
    if (!this.reorderCache) {
      this.reorderCache = new Map()
      this.names.forEach((item, n) => {
        const gaps = this.reorderGaps[n]!
        if (gaps > 0) this.reorderCache!.set(item, this.reorderDaysSum[n]! / gaps)
      })
    }
    return this.reorderCache
  }

  /** What `recommend` needs for a customer with this history (counts must not include it for a fair test). */
  inputFor(history: readonly Basket[], now: number, context?: readonly string[]): RecsInput {
    const neighbours = new Map<string, ItemNeighbours>()
    for (const item of [...history.slice(-10).flatMap((b) => b.items), ...(context ?? [])]) {
      const nb = this.neighbours(item)
      if (nb) neighbours.set(item, nb)
    }
    return {
      history,
      context,
      now,
      totalBaskets: this.baskets.length,
      neighbours,
      basketsOf: this.basketsOf(),
      categoryNext: new Map(),
      popular: this.popular(),
      popularIn: new Map(),
      reorderDays: this.reorderDays(),
      rules: [],
      products: new Map(),
    }
  }

  /** Model size: items, baskets, and the neighbour counts held so far (pruned lists of the items asked for). */
  size(): { items: number; baskets: number; pairs: number } {
    let pairs = 0
    for (const nb of this.neighbourCache.values()) pairs += nb.together.size + nb.next.size
    return { items: this.names.length, baskets: this.baskets.length, pairs }
  }
}
