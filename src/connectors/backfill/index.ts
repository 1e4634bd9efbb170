/**
 * Back-fill of a shop's past customers and orders from Shopify's REST Admin API: paced by the shop's
 * leaky bucket, resumable page by page, with the mapping (`toMessages`) and the storage (`write`) injected.
 */
export { BackfillError, type BackfillProblem } from './backfill-error.js'
export {
  type BackfillDeps,
  type BackfillProgress,
  type BackfillSummary,
  backfillShopify,
  type ShopifyObjectKind,
  type ToMessages,
  type WriteMessages,
  type WriteOutcome,
} from './backfill-shopify.js'
export {
  type BackfillCounts,
  type BackfillCursor,
  type CursorStore,
  cursorSettingKey,
  fileCursorStore,
  memoryCursorStore,
  settingsCursorStore,
} from './cursor-store.js'
export { type IngestorSink, ingestorSink } from './ingestor-sink.js'
export type { ShopifyCallStats, ShopifyResource } from './shopify-client.js'
export {
  DEFAULT_API_VERSION,
  parseShopifyBackfillOptions,
  type ShopifyBackfillOptions,
} from './shopify-options.js'
export { renderBackfillSummary } from './summary.js'
