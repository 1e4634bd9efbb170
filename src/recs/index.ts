/**
 * Recommendations: "bought X, needs Y" from the shop's orders (src/recs/score.ts says how), and the next-basket
 * benchmark's evaluation (src/recs/evaluate.ts).
 */
export { BasketModel } from './basket-model.js'
export { BasketsFileError, parseBasketsFile } from './baskets-file.js'
export {
  datedPopularityWeight,
  evaluateNextBasket,
  evaluateShopOrders,
  type NextBasketEvaluation,
  type RankingMetrics,
  undatedBaskets,
} from './evaluate.js'
export { recsMigrations } from './migrations.js'
export { recsProjection } from './projection.js'
export { DEFAULT_PARAMETERS, recommend, type ScoringParameters } from './score.js'
export {
  type ContextError,
  createRecommendations,
  type RecommendationList,
  type Recommendations,
  type ShownReason,
  type ShownRecommendation,
} from './service.js'
export { shopBaskets } from './shop-baskets.js'
export type * from './types.js'
