import type { AnyDb } from '../db/index.js'
import { ordersByIds } from '../orders/index.js'
import { productIdsOf } from './projection.js'
import { customerBaskets, gatherRecsInput, readRules, replaceRules, type ShownProduct } from './queries.js'
import { recommend } from './score.js'
import type { ComplementRule, Reason, Recommendation, RecommendationSource } from './types.js'

/** A reason as the API tells it: times as ISO dates. */
export type ShownReason =
  | Exclude<Reason, { source: 'repeat' }>
  | {
      source: 'repeat'
      score: number
      timesBought: number
      lastBoughtAt: string
      expectedReorderAt: string | null
    }

export interface ShownRecommendation {
  productId: string
  name: string | null
  category: string | null
  price: number | null
  url: string | null
  imageUrl: string | null
  /** Null for a shop rule's product: rules come first whatever the scores. */
  score: number | null
  source: RecommendationSource
  reasons: ShownReason[]
}

export interface RecommendationList {
  /** True when the customer has no counted order: the list is the shop's recent bestsellers. */
  fallback: boolean
  items: ShownRecommendation[]
}

export interface RecommendationsDeps {
  db: AnyDb
  clock: () => Date
  /** Whether the customer exists (profiles). */
  customerExists(db: AnyDb, customerId: string): Promise<boolean>
}

function shownReason(reason: Reason): ShownReason {
  if (reason.source !== 'repeat') return reason
  return {
    ...reason,
    lastBoughtAt: new Date(reason.lastBoughtAt).toISOString(),
    expectedReorderAt:
      reason.expectedReorderAt === null ? null : new Date(reason.expectedReorderAt).toISOString(),
  }
}

function shown(recs: Recommendation[], products: Map<string, ShownProduct>): ShownRecommendation[] {
  return recs.map((r) => {
    const p = products.get(r.item)
    return {
      productId: r.item,
      name: p?.name ?? null,
      category: p?.category ?? null,
      price: p?.price ?? null,
      url: p?.url ?? null,
      imageUrl: p?.imageUrl ?? null,
      score: Number.isFinite(r.score) ? r.score : null,
      source: r.source,
      reasons: r.reasons.map(shownReason),
    }
  })
}

export type ContextError = 'unknown_customer' | 'unknown_order'

/** Recommendations for customers and products, from the counts the recs projection keeps. */
export function createRecommendations(deps: RecommendationsDeps) {
  const { db } = deps
  return {
    /**
     * What to show a customer (with `contextOrderId`: what goes with that order of theirs). A string answer
     * says which part of the request names nothing.
     */
    async forCustomer(
      customerId: string,
      options: { limit: number; contextOrderId?: string },
      tx: AnyDb = db,
    ): Promise<RecommendationList | ContextError> {
      if (!(await deps.customerExists(tx, customerId))) return 'unknown_customer'
      let context: string[] | undefined
      if (options.contextOrderId !== undefined) {
        const [order] = await ordersByIds(tx, [{ customerId, orderId: options.contextOrderId }])
        if (!order) return 'unknown_order'
        context = productIdsOf(order.products)
      }
      const [history, rules] = await Promise.all([customerBaskets(tx, customerId), readRules(tx)])
      const { input, shown: products } = await gatherRecsInput(tx, {
        history,
        context,
        now: deps.clock().getTime(),
        rules,
      })
      const recs = recommend(input, { limit: options.limit, exclude: new Set(context) })
      return { fallback: history.length === 0 && !context?.length, items: shown(recs, products) }
    },

    /** Products that go with this one (bought with it, bought after it); undefined for an unknown product. */
    async related(productId: string, options: { limit: number }): Promise<ShownRecommendation[] | undefined> {
      const rules = await readRules(db)
      const { input, shown: products } = await gatherRecsInput(db, {
        history: [],
        context: [productId],
        now: deps.clock().getTime(),
        rules,
      })
      if (!input.products.has(productId)) return undefined
      return shown(recommend(input, { limit: options.limit, exclude: new Set([productId]) }), products)
    },

    rules: (): Promise<ComplementRule[]> => readRules(db),
    async setRules(rules: readonly ComplementRule[]): Promise<ComplementRule[]> {
      await db.transaction().execute((tx) => replaceRules(tx, rules))
      return readRules(db)
    },
  }
}

export type Recommendations = ReturnType<typeof createRecommendations>
