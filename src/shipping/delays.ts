import { sql } from 'kysely'
import type { AnyDb } from '../db/index.js'
import type { StatedPromise } from './notifier.js'
import type { ShipmentState } from './shipment-state.js'

const HOUR = 3_600_000
/** Without history, a parcel three days without a scan is lost or stuck. */
export const DEFAULT_SILENCE_MS = 72 * HOUR
/** Never call a parcel silent sooner: carriers do not scan on Sundays. */
const MIN_SILENCE_MS = 36 * HOUR
/** A promise this close to passing without delivery is a delay worth telling before it passes. */
export const PROMISE_MARGIN_MS = 12 * HOUR

/** Why Reel foresees a delay. */
export type DelayReason = 'silent' | 'promise_passing'

/**
 * Pure: whether a parcel on its way is late: no scan for longer than its carrier's usual longest silence,
 * or its promise about to pass (within `PROMISE_MARGIN_MS`) undelivered and not out for delivery today.
 */
export function delayOf(
  shipment: Pick<ShipmentState, 'status' | 'lastScanAt' | 'deliveredAt'>,
  promise: StatedPromise | null,
  silenceMs: number,
  now: number,
): DelayReason | null {
  if (shipment.deliveredAt !== null) return null
  if (now - shipment.lastScanAt > silenceMs) return 'silent'
  const outToday = shipment.status === 'out_for_delivery' || shipment.status === 'available_for_pickup'
  if (promise && !outToday && promise.promiseAt - now < PROMISE_MARGIN_MS) return 'promise_passing'
  return null
}

/**
 * Each carrier's usual longest silence: the 95th percentile of the gaps between consecutive scans of its
 * parcels delivered in the last 180 days (at least 30 gaps, else the shop's, else 72 hours).
 */
export async function usualSilences(db: AnyDb, now: Date): Promise<(carrier: string | null) => number> {
  const { rows } = await sql<{ carrier: string | null; total: number; gap_ms: number | null; gaps: string }>`
    with gaps as (
      select s.carrier,
        extract(epoch from sc.at - lag(sc.at) over (partition by sc.shipment_id order by sc.at)) * 1000 as gap_ms
      from shipments s join shipment_scans sc using (shipment_id)
      where s.kind = 'outbound' and s.delivered_at >= ${new Date(now.getTime() - 180 * 24 * HOUR).toISOString()}
    )
    select carrier, grouping(carrier) as total, percentile_cont(0.95) within group (order by gap_ms) as gap_ms, count(*) as gaps
    from gaps where gap_ms is not null group by rollup (carrier)`.execute(db)
  const enough = rows.filter((r) => Number(r.gaps) >= 30 && r.gap_ms !== null)
  const shop = enough.find((r) => Number(r.total) === 1)
  const byCarrier = new Map(
    enough
      .filter((r) => Number(r.total) === 0 && r.carrier !== null)
      .map((r) => [r.carrier, Number(r.gap_ms)]),
  )
  const fallback = shop ? Number(shop.gap_ms) : DEFAULT_SILENCE_MS
  return (carrier) => Math.max(MIN_SILENCE_MS, (carrier ? byCarrier.get(carrier) : undefined) ?? fallback)
}
