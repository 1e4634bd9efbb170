import type { EventIngestor, RawMessage } from '../../events/index.js'
import type { WriteMessages } from './backfill-shopify.js'

/** A back-fill's sink on Reel's ingestor, and the wait for the projection at the end. */
export interface IngestorSink {
  write: WriteMessages
  /** Resolves once everything written is projected (profiles, orders, radar inputs). */
  settle(): Promise<void>
}

/**
 * Writes pages through `ingestor.ingest(..., { settle: false })` in batches of `batchSize` (500, as
 * `reel import`), so each page is durable before its cursor is saved, and the projectors catch up once,
 * in `settle()`, instead of after every page.
 */
export function ingestorSink(
  ingestor: EventIngestor,
  options: { source?: string; batchSize?: number } = {},
): IngestorSink {
  const source = options.source ?? 'connector:shopify'
  const batchSize = options.batchSize ?? 500
  let position: string | null = null
  return {
    async write(messages: RawMessage[]) {
      const outcome = { accepted: 0, duplicates: 0, quarantined: 0 }
      for (let start = 0; start < messages.length; start += batchSize) {
        const result = await ingestor.ingest(messages.slice(start, start + batchSize), {
          source,
          settle: false,
        })
        position = result.position ?? position
        outcome.accepted += result.accepted
        outcome.duplicates += result.duplicates
        outcome.quarantined += result.quarantined.length
      }
      return outcome
    },
    async settle() {
      if (position) await ingestor.settle(position)
    },
  }
}
