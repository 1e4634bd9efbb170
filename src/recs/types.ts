/**
 * What the recommender reads and what it answers. Scoring (`recommend`) is pure: the I/O layer (a shop's
 * database, or a benchmark file in memory) gathers these facts, then hands them over whole.
 */

/** One counted order of a customer: when it was placed and its distinct products. */
export interface Basket {
  /** Milliseconds since the epoch. A benchmark file has no dates: there it is the basket's position in days. */
  at: number
  items: readonly string[]
}

/** What the shop's orders say about one product (the ones in the customer's history or context). */
export interface ItemNeighbours {
  /** Counted orders holding the product. */
  baskets: number
  /** Of those, orders the same customer followed with another order. */
  followed: number
  /** Other products in the same orders: product → number of orders holding both. */
  together: ReadonlyMap<string, number>
  /** Products in the customer's next order after an order holding this one: product → number of times. */
  next: ReadonlyMap<string, number>
}

/** A product and a weight (popularity: recent orders holding it, decayed by age). */
export interface WeightedItem {
  item: string
  weight: number
}

/** What the scorer may know of a candidate product. */
export interface ProductFacts {
  category: string | null
  /** False when out of stock or archived: never recommended. */
  available: boolean
}

/** A shop rule: whoever bought from `fromCategory` is shown `toCategory` first. */
export interface ComplementRule {
  fromCategory: string
  toCategory: string
}

/** Everything `recommend` scores from. */
export interface RecsInput {
  /** The customer's counted orders, oldest first. */
  history: readonly Basket[]
  /** "What goes with this order": its products, when recommending for one order. */
  context?: readonly string[]
  /** When the recommendation is made (ms since the epoch): for re-order dates. */
  now: number
  /** Counted orders in the shop. */
  totalBaskets: number
  /** Neighbours of every product in the history and the context. */
  neighbours: ReadonlyMap<string, ItemNeighbours>
  /** Orders holding each candidate product (the neighbours' neighbours), for lift. */
  basketsOf: ReadonlyMap<string, number>
  /** Category → categories bought in the next order: category → times (category-level "bought next"). */
  categoryNext: ReadonlyMap<string, ReadonlyMap<string, number>>
  /** The shop's recent bestsellers, best first. */
  popular: readonly WeightedItem[]
  /** Recent bestsellers per category, best first (categories of the history, the context and the rules). */
  popularIn: ReadonlyMap<string, readonly WeightedItem[]>
  /** Mean days between two orders of the same product by the same customer, shop-wide, where seen. */
  reorderDays: ReadonlyMap<string, number>
  rules: readonly ComplementRule[]
  /** Facts of every product named anywhere above; a product without facts is treated as available. */
  products: ReadonlyMap<string, ProductFacts>
}

export type RecommendationSource = 'rule' | 'repeat' | 'together' | 'next' | 'popular'

/** Why a product is recommended: one source's contribution and its evidence. */
export type Reason =
  | { source: 'rule'; rule: ComplementRule; score: number }
  | {
      source: 'repeat'
      score: number
      timesBought: number
      lastBoughtAt: number
      /** When the customer is expected to need it again (their own or the shop's gap), if known. */
      expectedReorderAt: number | null
    }
  | { source: 'together'; score: number; withItem: string; orders: number; lift: number }
  | { source: 'next'; score: number; afterItem: string | null; afterCategory: string | null; times: number }
  | { source: 'popular'; score: number; category: string | null; rank: number }

export interface Recommendation {
  item: string
  score: number
  /** The source that contributed most. */
  source: RecommendationSource
  /** Every source's contribution, largest first. */
  reasons: Reason[]
}

export interface RecommendOptions {
  limit: number
  /** Products never to return (besides unavailable ones). */
  exclude?: ReadonlySet<string>
  /** Only products the customer has never bought ("new items"). */
  newOnly?: boolean
}
