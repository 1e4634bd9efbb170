import type { BackfillSummary } from './backfill-shopify.js'

/** The back-fill's closing lines for the terminal. */
export function renderBackfillSummary(summary: BackfillSummary): string {
  const { calls } = summary
  const seconds = (summary.elapsedMs / 1000).toFixed(1)
  const lines = [
    `${summary.shop} since ${summary.since}: ${summary.customers} customers, ${summary.orders} orders in ${summary.pages} pages → ${summary.events} events: ${summary.accepted} accepted, ${summary.duplicates} duplicates, ${summary.quarantined} quarantined`,
    `${seconds} s, ${calls.calls} API calls, ${calls.throttledWaits} throttled waits (429), ${calls.pacedWaits} paced waits, ${calls.retries} retries`,
  ]
  if (summary.resumedFrom)
    lines.push(
      `resumed an interrupted back-fill at ${summary.resumedFrom.resource} after ${summary.resumedFrom.pages} pages (the counts include the earlier runs)`,
    )
  if (summary.discardedCursor)
    lines.push(
      'a saved cursor of another --since or --api-version was set aside: this run read from the start',
    )
  return lines.join('\n')
}
