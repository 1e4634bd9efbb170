import type { RawMessage } from '../../events/index.js'
import { BackfillError } from './backfill-error.js'
import type { BackfillCounts, BackfillCursor, CursorStore } from './cursor-store.js'
import {
  createShopifyClient,
  SHOPIFY_RESOURCES,
  type ShopifyCallStats,
  type ShopifyClientOptions,
  type ShopifyResource,
} from './shopify-client.js'
import type { ShopifyBackfillOptions } from './shopify-options.js'

/** The kind of one Shopify object handed to the mapping. */
export type ShopifyObjectKind = 'customer' | 'order'

/** Maps one Shopify object (as the REST Admin API sends it) to the Segment messages it stands for. */
export type ToMessages = (kind: ShopifyObjectKind, object: unknown) => RawMessage[]

/** What the sink did with one page's messages. */
export interface WriteOutcome {
  accepted: number
  duplicates: number
  quarantined: number
}

/** Stores one page's messages; resolves once they are durable (the cursor moves past the page only then). */
export type WriteMessages = (messages: RawMessage[]) => Promise<WriteOutcome>

/** Where a back-fill stands, after each page. */
export interface BackfillProgress {
  resource: ShopifyResource
  /** Pages and objects read, over the runs that resumed this back-fill. */
  pages: number
  objects: number
  /** Customers and orders Shopify counts for the query, when it said. */
  totalObjects: number | undefined
}

export interface BackfillDeps
  extends Pick<
    ShopifyClientOptions,
    'fetch' | 'sleep' | 'now' | 'timeoutMs' | 'maxAttempts' | 'maxThrottledRetries' | 'signal'
  > {
  toMessages: ToMessages
  write: WriteMessages
  cursorStore: CursorStore
  onProgress?: (progress: BackfillProgress) => void
}

/** What a back-fill did: counts over all its runs, calls and time of this one. */
export interface BackfillSummary extends BackfillCounts {
  shop: string
  since: string
  /** Where this run took up an interrupted back-fill; null if it started from the beginning. */
  resumedFrom: { resource: ShopifyResource; pages: number } | null
  /** A saved cursor of another query (other --since or --api-version) was set aside. */
  discardedCursor: boolean
  calls: ShopifyCallStats
  elapsedMs: number
}

const KIND: Record<ShopifyResource, ShopifyObjectKind> = { customers: 'customer', orders: 'order' }

const NO_COUNTS: BackfillCounts = {
  pages: 0,
  customers: 0,
  orders: 0,
  events: 0,
  accepted: 0,
  duplicates: 0,
  quarantined: 0,
}

/**
 * Reads a shop's customers (changed since `since`), then its orders (created since), page by page, maps each
 * object with `toMessages` and hands each page's messages to `write`. After each written page the cursor is
 * saved, so a rerun after a crash resumes at the next page; a finished back-fill clears it. Pages are
 * written at least once: a page written just before a crash is written again, which the messages' ids make
 * harmless.
 */
export async function backfillShopify(
  options: ShopifyBackfillOptions,
  deps: BackfillDeps,
): Promise<BackfillSummary> {
  try {
    return await readAll(options, deps)
  } catch (error) {
    // An abort surfaces as whatever the fetch or wait in flight threw; the caller's reason says more.
    throw deps.signal?.aborted ? (deps.signal.reason ?? error) : error
  }
}

async function readAll(options: ShopifyBackfillOptions, deps: BackfillDeps): Promise<BackfillSummary> {
  const { toMessages, write, cursorStore, onProgress, ...network } = deps
  const now = deps.now ?? Date.now
  const started = now()
  const client = createShopifyClient({ ...options, ...withoutUndefined(network) })
  const saved = await cursorStore.load()
  const matches =
    saved !== undefined &&
    saved.shop === options.shop &&
    saved.since === options.since &&
    saved.apiVersion === options.apiVersion &&
    (saved.nextUrl === null || client.isShopUrl(saved.nextUrl))
  const cursor = matches ? saved : undefined
  const counts: BackfillCounts = { ...(cursor?.counts ?? NO_COUNTS) }

  const totals = await Promise.all(SHOPIFY_RESOURCES.map((resource) => client.count(resource, options.since)))
  const totalObjects = totals.every((n) => n !== undefined) ? totals.reduce((a, b) => a + b, 0) : undefined
  const report = (resource: ShopifyResource) =>
    onProgress?.({
      resource,
      pages: counts.pages,
      objects: counts.customers + counts.orders,
      totalObjects,
    })

  const firstResource = SHOPIFY_RESOURCES.indexOf(cursor?.resource ?? 'customers')
  for (const resource of SHOPIFY_RESOURCES.slice(firstResource)) {
    const resumeUrl = resource === cursor?.resource ? cursor.nextUrl : null
    let url: string | null = resumeUrl ?? client.firstPageUrl(resource, options.since)
    report(resource)
    while (url !== null) {
      let page: Awaited<ReturnType<typeof client.readPage>>
      try {
        page = await client.readPage(resource, url)
      } catch (error) {
        // A cursor saved long ago may have expired: the list is read again from its start (ids make it safe).
        if (!(error instanceof BackfillError && error.problem === 'stale-cursor' && url === resumeUrl))
          throw error
        url = client.firstPageUrl(resource, options.since)
        continue
      }
      const messages = page.objects.flatMap((object) => mapObject(toMessages, KIND[resource], object))
      const outcome = messages.length > 0 ? await write(messages) : NOTHING_WRITTEN
      counts.pages += 1
      counts[resource] += page.objects.length
      counts.events += messages.length
      counts.accepted += outcome.accepted
      counts.duplicates += outcome.duplicates
      counts.quarantined += outcome.quarantined
      url = page.nextUrl
      // The last customers page hands over to the orders' first page.
      const next: Pick<BackfillCursor, 'resource' | 'nextUrl'> =
        url === null && resource === 'customers'
          ? { resource: 'orders', nextUrl: null }
          : { resource, nextUrl: url }
      if (url !== null || resource === 'customers')
        await cursorStore.save({
          shop: options.shop,
          since: options.since,
          apiVersion: options.apiVersion,
          ...next,
          counts: { ...counts },
          savedAt: new Date(now()).toISOString(),
        })
      report(resource)
    }
  }
  await cursorStore.clear()
  return {
    ...counts,
    shop: options.shop,
    since: options.since,
    resumedFrom: cursor ? { resource: cursor.resource, pages: cursor.counts.pages } : null,
    discardedCursor: saved !== undefined && cursor === undefined,
    calls: { ...client.stats },
    elapsedMs: now() - started,
  }
}

const NOTHING_WRITTEN: WriteOutcome = { accepted: 0, duplicates: 0, quarantined: 0 }

function mapObject(toMessages: ToMessages, kind: ShopifyObjectKind, object: unknown): RawMessage[] {
  try {
    return toMessages(kind, object)
  } catch (error) {
    const id = (object as { id?: unknown } | null)?.id
    throw new Error(`mapping Shopify ${kind} ${String(id ?? '(no id)')} failed: ${String(error)}`, {
      cause: error,
    })
  }
}

/** exactOptionalPropertyTypes: options left undefined must not override the client's defaults. */
function withoutUndefined<T extends object>(deps: T): Partial<T> {
  return Object.fromEntries(Object.entries(deps).filter(([, value]) => value !== undefined)) as Partial<T>
}
