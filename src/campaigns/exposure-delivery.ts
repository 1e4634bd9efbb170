import { sql } from 'kysely'
import type { DeliveryState } from '../channels/index.js'
import type { AnyDb } from '../db/index.js'

/** What a send step's exposure says of its message: in the outbox, delivered, failed (to be retried) or dead. */
export type DeliveryOutcome = 'queued' | 'sent' | 'failed' | 'dead'

/** Pure: the exposure's outcome and reason for where its message stands in the outbox. */
export function deliveryOutcomeOf(delivery: Pick<DeliveryState, 'state' | 'lastError'>): {
  outcome: DeliveryOutcome
  reason: string | null
} {
  switch (delivery.state) {
    case 'pending':
    case 'sending':
      return { outcome: 'queued', reason: null }
    case 'sent':
      return { outcome: 'sent', reason: null }
    case 'failed':
    case 'dead':
      return { outcome: delivery.state, reason: delivery.lastError }
  }
}

export interface SettleDeps {
  /** Where the messages of these idempotency keys stand (the channels module). */
  deliveryStates(db: AnyDb, keys: readonly string[]): Promise<Map<string, DeliveryState>>
  /** Marks the radar's signals contacted: a customer is contacted when a message reached them. */
  markContacted(db: AnyDb, signalIds: readonly number[], at: Date): Promise<void>
}

/**
 * Brings a page of unsettled exposures (id order, after `after`) up to date with their messages, and marks
 * the signals of those whose message went as contacted. Each write is idempotent, so two processes doing
 * it at once, or a crash half-way, leave nothing wrong. `next` is null after the last page.
 */
export async function settleExposurePage(
  db: AnyDb,
  deps: SettleDeps,
  page: { after: number; limit: number; now: Date },
): Promise<{ checked: number; changed: number; next: number | null }> {
  const { rows } = await sql<{
    id: string
    message_key: string | null
    outcome: string
    reason: string | null
    signal_id: string | null
  }>`
    select x.id::text, x.message_key, x.outcome, x.reason,
      case when jsonb_typeof(e.context->'signalId') = 'number' then e.context->>'signalId' end as signal_id
    from campaign_exposures x join campaign_enrolments e on e.id = x.enrolment_id
    where not x.delivery_settled and x.id > ${page.after}
    order by x.id limit ${page.limit}`.execute(db)
  const states = await deps.deliveryStates(
    db,
    rows.flatMap((r) => (r.message_key ? [r.message_key] : [])),
  )
  const changes: Array<{ id: string; outcome: string; reason: string | null; settled: boolean }> = []
  const contacted: number[] = []
  for (const r of rows) {
    const delivery = r.message_key ? states.get(r.message_key) : undefined
    if (!delivery) continue // its message is not visible yet (a round still open): read again next time
    const { outcome, reason } = deliveryOutcomeOf(delivery)
    if (outcome === r.outcome && reason === r.reason && !delivery.final) continue
    changes.push({ id: r.id, outcome, reason, settled: delivery.final })
    if (outcome === 'sent' && r.outcome !== 'sent' && r.signal_id !== null)
      contacted.push(Number(r.signal_id))
  }
  if (changes.length > 0)
    await sql`
      update campaign_exposures x set outcome = r.outcome, reason = r.reason, delivery_settled = r.settled
      from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb)
        as r(id bigint, outcome text, reason text, settled boolean)
      where x.id = r.id`.execute(db)
  await deps.markContacted(db, contacted, page.now)
  const last = rows.at(-1)
  return {
    checked: rows.length,
    changed: changes.length,
    next: rows.length === page.limit && last ? Number(last.id) : null,
  }
}
