import type { StoredEvent } from '../events/index.js'

/** What one batch of events changes on one customer's profile. */
export interface ProfileDelta {
  customer_id: string
  is_member: boolean
  traits: Record<string, unknown>
  first_seen_at: string
  last_seen_at: string
  signed_up_at: string | null
  last_sign_in_at: string | null
  last_identified_at: string | null
  events_count: number
}

const min = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b)
const max = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b)

/** Folds a batch into per-customer deltas; traits merge in log order, later values win. */
export function profileDeltas(events: StoredEvent[]): ProfileDelta[] {
  const byCustomer = new Map<string, ProfileDelta>()
  for (const e of events) {
    const at = e.occurredAt.toISOString()
    const d = byCustomer.get(e.customerId) ?? {
      customer_id: e.customerId,
      is_member: false,
      traits: {},
      first_seen_at: at,
      last_seen_at: at,
      signed_up_at: null,
      last_sign_in_at: null,
      last_identified_at: null,
      events_count: 0,
    }
    d.is_member ||= e.userId !== null
    d.first_seen_at = min(d.first_seen_at, at) ?? at
    d.last_seen_at = max(d.last_seen_at, at) ?? at
    d.events_count += 1
    if (e.userId !== null) d.last_identified_at = max(d.last_identified_at, at)
    if (e.event === 'Signed Up') d.signed_up_at = min(d.signed_up_at, at)
    if (e.event === 'Signed In' || e.event === 'Signed Up') d.last_sign_in_at = max(d.last_sign_in_at, at)
    if (e.type === 'identify') d.traits = { ...d.traits, ...e.traits }
    byCustomer.set(e.customerId, d)
  }
  return [...byCustomer.values()].sort((a, b) => a.customer_id.localeCompare(b.customer_id))
}
