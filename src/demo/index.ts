import type { EventIngestor } from '../events/ingestor.js'
import { demoWindow, generateDemoShop } from './generator.js'
import type { RadarKind } from './ground-truth.js'
import { createTruthCollector } from './truth-collector.js'
import { truthFromCollector, writeGroundTruth } from './truth-file.js'

export { DemoEndMismatchError, demoEndFor } from './demo-end.js'
export {
  DEFAULT_DEMO_END,
  DEMO_BATCH_SIZE,
  type DemoShopOptions,
  demoWindow,
  generateDemoShop,
} from './generator.js'
export {
  DEMO_GIFT_TEMPLATE,
  type DemoGiftSummary,
  MAX_DEMO_COUPONS,
  seedDemoGifts,
} from './gifts.js'
export {
  browsingNotBuying,
  type CustomerEvent,
  cancelledAfterPayment,
  cartsAbandoned,
  dormancy,
  type Finding,
  missedCustomer,
  negativeReviews,
  type Occurrence,
  outOfStock,
  RADAR_KINDS,
  type RadarKind,
  RULES,
  returned,
  SHOP_SIDE_EVENTS,
  visitStarts,
} from './ground-truth.js'
export { createRandom, type Random } from './random.js'
export { createTruthCollector, type TruthCollector, toCustomerEvent } from './truth-collector.js'
export {
  buildGroundTruth,
  type GroundTruth,
  type TruthEntry,
  truthFromCollector,
  writeGroundTruth,
} from './truth-file.js'

/** Most shipment ids handed to `onShipments` at once. */
export const SHIPMENT_CHUNK = 5000

export interface RunDemoOptions {
  customers: number
  days: number
  seed: number
  /** End of the last day (exclusive) and the truth's asOf; defaults to DEFAULT_DEMO_END. */
  end?: Date
  /** Where the ground-truth JSON goes. */
  truthPath: string
  onProgress?: (eventsSoFar: number) => void
  /** Which shipments are in the shipping holdout (DemoShopOptions.shippingHoldout); default none. */
  shippingHoldout?: (shipmentId: string) => boolean
  /**
   * Given the shipments planned since the last batch (at most SHIPMENT_CHUNK at a time), before the batch
   * that may carry their first events is ingested: Reel records their holdout before its notifier sees them.
   */
  onShipments?: (shipmentIds: string[]) => Promise<void>
}

/** What a demo run produced. */
export interface DemoSummary {
  events: number
  accepted: number
  duplicates: number
  quarantined: number
  customers: number
  identifiedCustomers: number
  /** Shipments planned (split parcels and labels of cancelled orders included), some after the end. */
  shipments: number
  asOf: string
  truthPath: string
  truthCounts: Record<RadarKind, number>
}

/**
 * Generates the demo shop, ingests it batch by batch (≤ 500, in time order, each awaited) through the
 * same ingestor as live traffic, and writes the ground truth as of the end of the last day.
 * Running it again with the same options ingests only duplicates (message ids are deterministic).
 */
export async function runDemo(options: RunDemoOptions, ingestor: EventIngestor): Promise<DemoSummary> {
  const { asOf } = demoWindow(options)
  const collector = createTruthCollector(asOf)
  // Only the shipments of the last batch or so are held: memory stays flat for any size of shop.
  let planned: string[] = []
  let shipments = 0
  const onShipment = (shipmentId: string) => {
    planned.push(shipmentId)
    shipments += 1
  }
  let events = 0
  let accepted = 0
  let duplicates = 0
  let quarantined = 0
  for (const batch of generateDemoShop({ ...options, onShipment })) {
    for (const message of batch) collector.observe(message)
    for (let i = 0; options.onShipments && i < planned.length; i += SHIPMENT_CHUNK)
      await options.onShipments(planned.slice(i, i + SHIPMENT_CHUNK))
    planned = []
    const result = await ingestor.ingest(batch, { source: 'demo' })
    accepted += result.accepted
    duplicates += result.duplicates
    quarantined += result.quarantined.length
    events += batch.length
    options.onProgress?.(events)
  }
  const truth = truthFromCollector(options, asOf, events, collector)
  await writeGroundTruth(options.truthPath, truth)
  return {
    events,
    accepted,
    duplicates,
    quarantined,
    customers: options.customers,
    identifiedCustomers: truth.identifiedCustomers,
    shipments,
    asOf: truth.asOf,
    truthPath: options.truthPath,
    truthCounts: truth.counts,
  }
}
